import type { JsonObject } from "./json.js";

export interface ClientRow {
  id: string;
  poolId: string;
  name: string;
  secretEnc: string | null;
  settings: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export interface ClientStore {
  /** Fails with StoreConflictError("client") when the ID exists. */
  create(c: ClientRow): Promise<void>;
  get(id: string): Promise<ClientRow | undefined>;
  list(poolId: string, opts: { limit: number; after?: string }): Promise<ClientRow[]>;
  update(
    id: string,
    patch: { name: string; settings: JsonObject; secretEnc?: string | null; updatedAt: number },
  ): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}
