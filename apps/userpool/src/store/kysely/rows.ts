import type { Selectable } from "kysely";
import type { GroupRow } from "../lifecycleTypes.js";
import type { Database } from "../schema.js";
import type { UserRow, UserStatus } from "../types.js";

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
