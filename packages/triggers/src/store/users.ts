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
 * Kysely implementation, in two statements, both keyed by the unique index on `sub`:
 *
 * 1. `UPDATE … WHERE sub = ? RETURNING id`: every sign-in after the first ends here.
 * 2. Only when no row matched: `INSERT … ON CONFLICT (sub) DO NOTHING RETURNING id`.
 *    When another container inserted the same sub in between, it returns nothing and step 1 runs again.
 *
 * A single `INSERT … ON CONFLICT DO UPDATE` would be one statement, but PostgreSQL draws the BIGSERIAL
 * default (nextval) before it finds the conflict. Every sign-in of an existing user then burned an id,
 * which left the gaps 5, 7, 9, 13… in the app's user ids (ADR 0040). Now only a lost insert race burns one.
 * The unique index still decides who inserts, so there is no window for a duplicate. Needs SQLite ≥ 3.35
 * (RETURNING) or PostgreSQL ≥ 9.5.
 */
export function createUserSyncStore(db: AppDb): UserSyncStore {
  const update = async (sub: string, email: string | null, ts: string) =>
    db
      .updateTable("users")
      .set((eb) => {
        // Null-safe "email changed", spelled portably: IS DISTINCT FROM needs SQLite ≥ 3.39.
        const changed =
          email === null
            ? eb("users.email", "is not", null)
            : eb.or([eb("users.email", "is", null), eb("users.email", "<>", email)]);
        return {
          email,
          // The timestamp only moves on a real change, keeping updated_at meaningful.
          updated_at: eb.case().when(changed).then(ts).else(eb.ref("users.updated_at")).end().$castTo<string>(),
        };
      })
      .where("sub", "=", sub)
      .returning("id")
      .executeTakeFirst();
  return {
    async upsertBySub({ sub, email }, now) {
      const ts = toDbTimestamp(now);
      // Two rounds are enough: a row that existed at the INSERT is there at the second UPDATE (rows are not
      // deleted by sign-ins). A third would mean the row vanished in between; that is an error, not a retry.
      for (let round = 0; round < 2; round++) {
        const updated = await update(sub, email, ts);
        // pg returns BIGSERIAL as a string, SQLite as a number; Cognito claim values are strings anyway.
        if (updated) return { id: String(updated.id) };
        const inserted = await db
          .insertInto("users")
          .values({ sub, email, created_at: ts, updated_at: ts })
          .onConflict((oc) => oc.column("sub").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted) return { id: String(inserted.id) };
      }
      throw new Error(`users row for sub ${sub} was neither updated nor inserted (deleted during the upsert?)`);
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
