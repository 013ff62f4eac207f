/**
 * Dependency injection for components: the auth boundary, the API client and the config arrive
 * through context, so tests render any component with fakes and no module mocking.
 */
import { createContext, useContext, type ReactNode } from "react";
import type { ApiClient } from "../api/apiClient";
import type { AuthClient } from "../auth/authClient";
import type { AppConfig } from "../config/config";

export interface Services {
  auth: AuthClient;
  api: ApiClient;
  config: AppConfig;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices() needs a <ServicesProvider> above it.");
  return services;
}
