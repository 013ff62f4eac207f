import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/**
 * The app's `users` table, shared by the API (reads) and the user-sync trigger (upserts).
 * Keyed by Cognito `sub`, never by email: emails change and federated users may share one.
 */
export interface UsersTable {
  id: Generated<number>;
  sub: string;
  email: string | null;
  // SQLite hands timestamps back as text, PostgreSQL as Date; readers normalise with toIso().
  created_at: ColumnType<Date | string, string | undefined, string>;
  updated_at: ColumnType<Date | string, string | undefined, string>;
}

export interface AppDatabase {
  users: UsersTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;

/** Normalises a timestamp column to an ISO-8601 string whichever engine produced it. */
export function toIso(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  // SQLite CURRENT_TIMESTAMP is "YYYY-MM-DD HH:MM:SS" in UTC.
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`).toISOString();
}
