import type { AppDb } from "@authhub/appdb";

export interface CognitoUser {
  sub: string;
  email: string | null;
}

/** The only storage the trigger needs. */
export interface UserSyncStore {
  /**
   * Atomically inserts the user keyed by `sub`, or brings `email` up to date, and returns the row id.
   * Safe under any number of concurrent calls for the same sub: exactly one row, one id.
   * `updated_at` moves to `now` only when the email actually changed.
   */
  upsertBySub(user: CognitoUser, now: Date): Promise<{ id: string }>;
}

/**
 * Kysely implementation: a single parameterised `INSERT … ON CONFLICT (sub) DO UPDATE … RETURNING id`.
 * The unique index on `sub` decides who inserts; losers of the race take the update branch and
 * still get the id back. No select-then-insert, so no window for a duplicate. Needs SQLite ≥ 3.35
 * (RETURNING) or PostgreSQL ≥ 9.5.
 */
export function createUserSyncStore(db: AppDb): UserSyncStore {
  return {
    async upsertBySub({ sub, email }, now) {
      const ts = toDbTimestamp(now);
      const row = await db
        .insertInto("users")
        .values({ sub, email, created_at: ts, updated_at: ts })
        .onConflict((oc) =>
          oc.column("sub").doUpdateSet((eb) => {
            // Null-safe "email changed", spelled portably: IS DISTINCT FROM needs SQLite ≥ 3.39.
            const changed = eb.or([
              eb("users.email", "<>", eb.ref("excluded.email")),
              eb.and([eb("users.email", "is", null), eb("excluded.email", "is not", null)]),
              eb.and([eb("users.email", "is not", null), eb("excluded.email", "is", null)]),
            ]);
            return {
              email: eb.ref("excluded.email"),
              // Always an UPDATE (so RETURNING yields the row even when nothing changed), but the
              // timestamp only moves on a real change, keeping updated_at meaningful.
              updated_at: eb.case().when(changed).then(ts).else(eb.ref("users.updated_at")).end(),
            };
          }),
        )
        .returning("id")
        .executeTakeFirstOrThrow();
      // pg returns BIGSERIAL as a string, SQLite as a number; Cognito claim values are strings anyway.
      return { id: String(row.id) };
    },
  };
}

/**
 * "YYYY-MM-DD HH:MM:SS.sssZ": PostgreSQL reads it as UTC into timestamptz, and in SQLite's text
 * column it sorts correctly against CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS" (the column default).
 */
export function toDbTimestamp(now: Date): string {
  return now.toISOString().replace("T", " ");
}

// SQLSTATEs worth one more try: the connection broke or the server asked us to try again.
const TRANSIENT_SQLSTATE = /^(08...|57P0[123]|40001|40P01)$/;
const TRANSIENT_SOCKET = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED"]);

/**
 * Whether a failed upsert may simply be repeated. The upsert is idempotent, and a warm Lambda
 * container may find its pooled connection dead after being frozen (pg then says "Connection
 * terminated unexpectedly", with no SQLSTATE). Constraint, syntax or missing-table errors are not.
 */
export function isTransientDbError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET.has(code);
  return /connection terminated|connection error and is not queryable/i.test(err.message);
}
