/** The API client and the session, shared with every page through context (tests pass their own client). */
import { createContext, useContext, type ReactNode } from "react";
import type { ConsoleApi, SessionInfo } from "../api/consoleApi";

export interface ConsoleValue {
  api: ConsoleApi;
  session: SessionInfo;
  /** Re-reads the session (after sign-in and sign-out). */
  refreshSession(): void;
}

const ConsoleContext = createContext<ConsoleValue | null>(null);

export function ConsoleProvider({ value, children }: { value: ConsoleValue; children: ReactNode }) {
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error("useConsole() needs a <ConsoleProvider> above it.");
  return value;
}

export const useApi = () => useConsole().api;
