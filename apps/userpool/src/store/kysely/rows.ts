import type { Selectable } from "kysely";
import type { GroupRow } from "../groups.js";
import type { Database } from "../schema.js";
import type { UserRow, UserStatus } from "../users.js";

// Row mappers shared by the Kysely stores (users, groups and the user-with-groups read).

export const toUser = (r: Selectable<Database["users"]>): UserRow => ({
  id: r.id,
  poolId: r.pool_id,
  username: r.username,
  usernameKey: r.username_key,
  status: r.status as UserStatus,
  enabled: Number(r.enabled) === 1,
  attributes: JSON.parse(r.attributes),
  srpSalt: r.srp_salt,
  verifierEnc: r.verifier_enc,
  passwordSetAt: r.password_set_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toGroup = (r: Selectable<Database["user_pool_groups"]>): GroupRow => ({
  poolId: r.pool_id,
  name: r.name,
  description: r.description,
  roleArn: r.role_arn,
  precedence: r.precedence === null ? null : Number(r.precedence),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The group columns of a user-with-groups read: a left join, so null when the user has none. */
export interface GroupColumns {
  g_name: string | null;
  g_description: string | null;
  g_role_arn: string | null;
  g_precedence: number | null;
  g_created_at: number | null;
  g_updated_at: number | null;
}

/** Rows of the user joined to its groups (user columns repeated per group) → the user and its groups. */
export function toUserWithGroups(
  poolId: string,
  rows: readonly (Selectable<Database["users"]> & GroupColumns)[],
): { user: UserRow; groups: GroupRow[] } | undefined {
  if (!rows[0]) return undefined;
  const groups = rows
    .filter((r) => r.g_name !== null)
    .map((r) =>
      toGroup({
        pool_id: poolId,
        name: r.g_name!,
        description: r.g_description,
        role_arn: r.g_role_arn,
        precedence: r.g_precedence,
        created_at: r.g_created_at!,
        updated_at: r.g_updated_at!,
      }),
    );
  return { user: toUser(rows[0]), groups };
}
