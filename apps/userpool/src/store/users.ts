import type { GroupRow } from "./groups.js";
import type { UserMfaRow } from "./mfa.js";

export type UserStatus =
  | "UNCONFIRMED"
  | "CONFIRMED"
  | "FORCE_CHANGE_PASSWORD"
  | "RESET_REQUIRED"
  | "EXTERNAL_PROVIDER"
  | "ARCHIVED"
  | "COMPROMISED"
  | "UNKNOWN";

export interface UserRow {
  /** The `sub`: a UUID v4, never reused. */
  id: string;
  poolId: string;
  /** Immutable username as Cognito reports it (equal to `id` when email or phone is the username). */
  username: string;
  /** `username` normalised for lookups (lower-cased unless the pool is case sensitive). */
  usernameKey: string;
  status: UserStatus;
  enabled: boolean;
  /** Every attribute except the secrets, including `sub`. */
  attributes: Record<string, string>;
  /** SRP salt, hex. Not secret on its own (Cognito sends it to any client that asks). */
  srpSalt: string | null;
  /** SRP verifier, AES-GCM envelope under the data key. */
  verifierEnc: string | null;
  passwordSetAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type AliasType = "email" | "phone_number" | "preferred_username";

export interface AliasRow {
  poolId: string;
  type: AliasType;
  /** Normalised value (e-mail addresses lower-cased). */
  key: string;
  userId: string;
}

export interface UserPatch {
  status?: UserStatus;
  enabled?: boolean;
  attributes?: Record<string, string>;
  srpSalt?: string | null;
  verifierEnc?: string | null;
  passwordSetAt?: number | null;
  updatedAt: number;
}

/** One ListUsers filter: `field op "value"`, as Cognito's Filter syntax allows. */
export interface UserFilter {
  field:
    | "username"
    | "sub"
    | "status"
    | "cognito:user_status"
    | "email"
    | "phone_number"
    | "name"
    | "given_name"
    | "family_name"
    | "preferred_username";
  op: "=" | "^=";
  /** Matched as is, except `email` and `cognito:user_status`: those compare with ASCII letters lower-cased. */
  value: string;
}

/**
 * Where the next page starts: after the username key `key`; for a prefix filter (pages ordered by the matched
 * value, then username key) after `value` too.
 */
export interface UserCursor {
  key: string;
  value?: string;
}

export interface UserPage {
  users: UserRow[];
  /** Present when more users follow the page. */
  next?: UserCursor;
}

export interface UserStore {
  /** Inserts the user and its aliases in one transaction; StoreConflictError("username" | "alias") on a taken name. */
  create(u: UserRow, aliases: AliasRow[]): Promise<void>;
  getById(poolId: string, id: string): Promise<UserRow | undefined>;
  /** The user and every group it belongs to (ordered by name), in one read. */
  getByIdWithGroups(poolId: string, id: string): Promise<{ user: UserRow; groups: GroupRow[] } | undefined>;
  /**
   * What an operation authorised by an AccessToken needs, in one statement: the user, its MFA
   * settings (GetUser lists them), whether the token's session (`originJti`) was revoked, and the
   * user's GlobalSignOut watermark. Undefined when the user does not exist.
   */
  getForAccess(poolId: string, id: string, originJti: string | undefined): Promise<AccessRead | undefined>;
  /**
   * After a right password: the user with its groups (for its tokens) and the lockout counter of
   * `lockoutSubject` (failures, lockedUntil; zeros when there is none), in one statement, so a
   * clean sign-in need not write a lockout reset.
   */
  getForSignIn(
    poolId: string,
    id: string,
    lockoutSubject: string,
  ): Promise<{ user: UserRow; groups: GroupRow[]; failures: number; lockedUntil: number } | undefined>;
  getByUsernameKey(poolId: string, usernameKey: string): Promise<UserRow | undefined>;
  getByAlias(poolId: string, type: AliasType, key: string): Promise<UserRow | undefined>;
  aliasesOf(poolId: string, userId: string): Promise<AliasRow[]>;
  /**
   * Applies `patch`; returns false when the user is gone or, with `expectStatus`, when its status
   * changed meanwhile (a compare-and-set). With `aliases`, atomically replaces the user's aliases.
   */
  update(
    poolId: string,
    id: string,
    patch: UserPatch,
    opts?: { expectStatus?: string; aliases?: AliasRow[] },
  ): Promise<boolean>;
  /** Removes an alias from whichever user holds it (ForceAliasCreation); returns that user's ID. */
  takeAlias(poolId: string, type: AliasType, key: string): Promise<string | undefined>;
  /** `now` dates the deletion in the point-in-time recovery log (every write here is logged, userHistory.ts). */
  delete(poolId: string, id: string, now: number): Promise<boolean>;
  /**
   * One page of at most `limit` users, every filter and depth served by an index: ordered by username key (byte
   * order), or for a prefix filter by the matched value, then username key. `after` is the previous page's `next`.
   */
  list(poolId: string, opts: { limit: number; after?: UserCursor; filter?: UserFilter }): Promise<UserPage>;
  count(poolId: string): Promise<number>;
}

/** UserStore.getForAccess: the user and everything an access-token check reads with it. */
export interface AccessRead {
  user: UserRow;
  mfa: UserMfaRow | undefined;
  originRevokedAt: number | null;
  signedOutAt: number | null;
}
