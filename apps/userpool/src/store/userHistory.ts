/**
 * Point-in-time recovery: the change log of users (`user_history`), a snapshot of a user's row and aliases after
 * every change (null: deleted), and the recoveries started from it.
 */
import type { Database } from "./schema.js";

type UserColumns = Database["users"];
type AliasColumns = Database["user_aliases"];

/** A user as stored, without its pool and ID (the history row has them): columns as the database holds them. */
export interface UserSnapshot {
  username: string;
  username_key: string;
  status: string;
  enabled: number;
  attributes: string;
  srp_salt: string | null;
  verifier_enc: string | null;
  password_set_at: number | null;
  created_at: number;
  updated_at: number;
  aliases: { type: string; key: string }[];
}

export function userSnapshot(u: UserColumns, aliases: readonly AliasColumns[]): UserSnapshot {
  return {
    username: u.username,
    username_key: u.username_key,
    status: u.status,
    enabled: Number(u.enabled),
    attributes: u.attributes,
    srp_salt: u.srp_salt,
    verifier_enc: u.verifier_enc,
    password_set_at: u.password_set_at === null ? null : Number(u.password_set_at),
    created_at: Number(u.created_at),
    updated_at: Number(u.updated_at),
    aliases: aliases.map((a) => ({ type: a.alias_type, key: a.alias_key })).sort((a, b) => cmp(a.type, b.type)),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type RestoreStatus =
  | "PREVIEW_GENERATING"
  | "PREVIEW_GENERATED"
  | "PREVIEW_CANCELLED"
  | "PREVIEW_GENERATION_FAILED"
  | "PREVIEW_EXPIRED"
  | "RESTORING"
  | "RESTORE_COMPLETED";

/** What a recovery changes, in users: RestorePreviewType's counts for the `Users` entity. */
export interface RestoreCounts {
  create: number;
  update: number;
  delete: number;
}

export interface RecoveryRow {
  restoreId: string;
  poolId: string;
  status: RestoreStatus;
  restoreTimestamp: number;
  triggerTimestamp: number;
  preview: RestoreCounts;
  createdAt: number;
  updatedAt: number;
}

export interface RecoveryStore {
  /** Users the recovery to `at` changes, counted against the users table now (a read; nothing changes). */
  preview(poolId: string, at: number): Promise<RestoreCounts>;
  /**
   * Atomically puts every user changed after `at` back as it was at `at`: created after it, deleted; deleted after
   * it, created again; changed, reverted, except that a password set after `at` is kept. The restore is itself
   * logged at `now`, so a later recovery can undo it.
   */
  restoreUsers(poolId: string, at: number, now: number): Promise<RestoreCounts>;
  create(r: RecoveryRow): Promise<void>;
  get(poolId: string, restoreId: string): Promise<RecoveryRow | undefined>;
  /** Newest first; `before` is the creation time and ID the previous page ended with. */
  list(poolId: string, limit: number, before?: { createdAt: number; restoreId: string }): Promise<RecoveryRow[]>;
  /**
   * Deletes log entries older than `before` that no recovery to `before` or later needs: those a later entry at or
   * before `before` supersedes, and deletion markers (no entry and a marker mean the same: the user did not exist).
   * Returns how many.
   */
  purgeHistory(before: number): Promise<number>;
  /** Compare-and-set of a recovery's status; false when its status was no longer `from`. */
  setStatus(restoreId: string, from: RestoreStatus, to: RestoreStatus, now: number): Promise<boolean>;
}
