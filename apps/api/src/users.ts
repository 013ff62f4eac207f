import { toIso, type UserRow } from "@authhub/appdb";

/** A `users` row as the API returns it: the tutorial's columns, timestamps in ISO-8601. */
export interface UserJson {
  id: number;
  sub: string;
  email: string | null;
  created_at: string;
  updated_at: string;
}

export function toUserJson(row: UserRow): UserJson {
  // PostgreSQL's bigserial arrives as a string through pg; the API promises a number.
  return {
    id: Number(row.id),
    sub: row.sub,
    email: row.email,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}
