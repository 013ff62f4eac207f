/** The unique indexes a write can hit, by what they keep unique; services map each to the protocol's error. */
export type ConflictKind =
  | "pool"
  | "client"
  | "username"
  | "alias"
  | "key"
  | "group"
  | "provider-name"
  | "idp-identifier"
  | "resource-server"
  | "domain"
  | "passkey"
  | "other";

/**
 * A unique index refused a write: every store reports a duplicate this way, and `kind` says which
 * index. Uniqueness is decided by the index, never by a read first, so this is how a race is lost.
 */
export class StoreConflictError extends Error {
  override name = "StoreConflictError";
  constructor(
    readonly kind: ConflictKind,
    message: string,
  ) {
    super(message);
  }
}
