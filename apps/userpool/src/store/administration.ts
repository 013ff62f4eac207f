import type { JsonObject } from "./json.js";

/**
 * Settings documents of the administration operations, kept beside their pool or app client (not in its
 * Describe* shape): `name` says which operation owns the document.
 */
export interface AdministrationStore {
  getPoolDocument(poolId: string, name: string): Promise<JsonObject | undefined>;
  /** Inserts or replaces the pool's document. */
  putPoolDocument(poolId: string, name: string, value: JsonObject, updatedAt: number): Promise<void>;
  getClientDocument(clientId: string, name: string): Promise<JsonObject | undefined>;
  /** Inserts or replaces the client's document. */
  putClientDocument(clientId: string, name: string, value: JsonObject, updatedAt: number): Promise<void>;
  /** UpdateProvisionedLimit's values, by request-rate category: server-wide. */
  provisionedLimits(): Promise<Record<string, number>>;
  putProvisionedLimit(category: string, value: number, updatedAt: number): Promise<void>;
}
