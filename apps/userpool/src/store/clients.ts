import type { JsonObject } from "./json.js";

/** API reference, ClientSecretDescriptorType: "<client-id>--<epoch-create-time>" (here in milliseconds). */
export const clientSecretId = (clientId: string, createdAt: number): string => `${clientId}--${createdAt}`;

/** One live client secret, sealed under the data key. */
export interface ClientSecretRow {
  id: string;
  secretEnc: string;
  createdAt: number;
}

export interface ClientRow {
  id: string;
  poolId: string;
  name: string;
  /** Oldest first; empty for a public client. */
  secrets: ClientSecretRow[];
  settings: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export interface ClientStore {
  /** Fails with StoreConflictError("client") when the ID exists. */
  create(c: ClientRow): Promise<void>;
  get(id: string): Promise<ClientRow | undefined>;
  list(poolId: string, opts: { limit: number; after?: string }): Promise<ClientRow[]>;
  /** `secrets`, when given, replace all of the client's secrets. */
  update(
    id: string,
    patch: { name: string; settings: JsonObject; secrets?: ClientSecretRow[]; updatedAt: number },
  ): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /**
   * Adds a secret unless the client already has `max`; of concurrent adds, no more than `max` succeed. Its ID is
   * `<client-id>--<creation time>`, the time moved past the client's newest secret so that IDs never collide.
   */
  addSecret(
    clientId: string,
    secret: { secretEnc: string; createdAt: number },
    max: number,
  ): Promise<ClientSecretRow | "full" | "missing">;
  /** Deletes a secret unless it is the client's last one. */
  deleteSecret(clientId: string, secretId: string): Promise<"deleted" | "last" | "missing">;
}
