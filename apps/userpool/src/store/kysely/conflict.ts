import { StoreConflictError, type ConflictKind } from "../conflict.js";

const KIND_BY_TABLE: Record<string, ConflictKind> = {
  user_pools: "pool",
  user_pool_clients: "client",
  users: "username",
  user_aliases: "alias",
  signing_keys: "key",
  user_pool_groups: "group",
  identity_providers: "provider-name",
  identity_provider_identifiers: "idp-identifier",
  resource_servers: "resource-server",
  // Both of its unique indexes: the domain itself, and one domain per pool.
  user_pool_domains: "domain",
  webauthn_credentials: "passkey",
};

/** Recognises a unique-index violation on either engine and names the table it hit. */
export function asConflict(err: unknown): StoreConflictError | undefined {
  const e = err as { code?: string; table?: string; message?: string };
  if (typeof e?.code !== "string") return undefined;
  let table: string | undefined;
  if (e.code === "23505") table = e.table;
  else if (e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    table = /constraint failed: (\w+)\./.exec(e.message ?? "")?.[1];
  else return undefined;
  return new StoreConflictError(
    (table && KIND_BY_TABLE[table]) || "other",
    `unique constraint on ${table ?? "unknown table"}`,
  );
}

/** Runs a write and rethrows a unique violation as StoreConflictError. */
export async function mapConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw asConflict(err) ?? err;
  }
}
