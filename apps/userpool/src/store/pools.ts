import type { JsonObject } from "./json.js";

export interface PoolRow {
  id: string;
  name: string;
  settings: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export interface PoolStore {
  /** Fails with StoreConflictError("pool") when the ID exists. */
  create(p: PoolRow): Promise<void>;
  get(id: string): Promise<PoolRow | undefined>;
  /** Ordered by ID; `after` is the last ID of the previous page. */
  list(opts: { limit: number; after?: string }): Promise<PoolRow[]>;
  update(id: string, patch: { name: string; settings: JsonObject; updatedAt: number }): Promise<boolean>;
  /** Deletes the pool and everything in it. */
  delete(id: string): Promise<boolean>;
}
