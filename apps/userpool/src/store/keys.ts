import type { JsonObject } from "./json.js";

export interface KeyRow {
  kid: string;
  poolId: string;
  use: "id" | "access";
  publicJwk: JsonObject;
  privateEnc: string;
  createdAt: number;
}

export interface KeyStore {
  listForPool(poolId: string): Promise<KeyRow[]>;
  /** Inserts unless the pool already has a key for that use; false when another writer won. */
  insertIfAbsent(k: KeyRow): Promise<boolean>;
}
