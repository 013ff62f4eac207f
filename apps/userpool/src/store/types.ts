/**
 * The storage contract, one narrow interface per domain, composed into `Store`. Services depend
 * on these interfaces only; `store.contract.ts` is the executable definition every backend must
 * pass. Operations that must be atomic say so in their name and doc comment.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";
import type {
  AuthorizationCodeStore,
  DomainStore,
  FederationStateStore,
  GrantStore,
  HostedSessionStore,
  IdentityProviderStore,
  ResourceServerStore,
} from "./oauthTypes.js";
import type {
  GroupRow,
  GroupStore,
  LockoutStore,
  PendingAttributeStore,
  QuotaStore,
  RevocationStore,
  SrpAnswerStore,
} from "./lifecycleTypes.js";
import type { RequestRateStore } from "./requestRateTypes.js";

export type * from "./lifecycleTypes.js";
export type * from "./requestRateTypes.js";

export type JsonObject = Record<string, unknown>;

export interface PoolRow {
  id: string;
  name: string;
  settings: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export interface ClientRow {
  id: string;
  poolId: string;
  name: string;
  secretEnc: string | null;
  settings: JsonObject;
  createdAt: number;
  updatedAt: number;
}

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
  value: string;
  /** Compare lower-cased on both sides. */
  caseInsensitive: boolean;
}

export interface CodeRow {
  id: string;
  poolId: string;
  userId: string;
  purpose: string;
  codeMac: string;
  createdAt: number;
  expiresAt: number;
}

export type ConsumeResult = "consumed" | "expired" | "mismatch";

export interface RefreshTokenRow {
  tokenHash: string;
  poolId: string;
  clientId: string;
  userId: string;
  originJti: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  rotatedAt: number | null;
  parentHash: string | null;
}

export interface SessionRow {
  idHash: string;
  poolId: string;
  clientId: string;
  /** Null for the simulated session of an unknown user (PreventUserExistenceErrors). */
  userId: string | null;
  kind: string;
  dataEnc: string;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}

export interface KeyRow {
  kid: string;
  poolId: string;
  use: "id" | "access";
  publicJwk: JsonObject;
  privateEnc: string;
  createdAt: number;
}

export interface DevMessageRow {
  id: string;
  to: string;
  createdAt: number;
  contentEnc: string;
}

/** A unique index refused a write. `kind` says which one; services map it to the Cognito error. */
export class StoreConflictError extends Error {
  override name = "StoreConflictError";
  constructor(
    readonly kind: "pool" | "client" | "username" | "alias" | "key" | "group" | "other",
    message: string,
  ) {
    super(message);
  }
}

export interface PoolStore {
  /** Fails with StoreConflictError("pool") when the ID exists. */
  create(p: PoolRow): Promise<void>;
  get(id: string): Promise<PoolRow | undefined>;
  /** Ordered by ID; `after` is the last ID of the previous page. */
  list(opts: { limit: number; after?: string }): Promise<PoolRow[]>;
  update(id: string, patch: { name: string; settings: JsonObject; updatedAt: number }): Promise<boolean>;
  /** Deletes the pool and everything in it. */
  delete(id: string): Promise<boolean>;
}

export interface ClientStore {
  create(c: ClientRow): Promise<void>;
  get(id: string): Promise<ClientRow | undefined>;
  list(poolId: string, opts: { limit: number; after?: string }): Promise<ClientRow[]>;
  update(
    id: string,
    patch: { name: string; settings: JsonObject; secretEnc?: string | null; updatedAt: number },
  ): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface UserStore {
  /** Inserts the user and its aliases in one transaction; StoreConflictError("username" | "alias") on a taken name. */
  create(u: UserRow, aliases: AliasRow[]): Promise<void>;
  getById(poolId: string, id: string): Promise<UserRow | undefined>;
  /** The user and every group it belongs to (ordered by name), in one read. */
  getByIdWithGroups(poolId: string, id: string): Promise<{ user: UserRow; groups: GroupRow[] } | undefined>;
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
  delete(poolId: string, id: string): Promise<boolean>;
  /** Ordered by username key; `after` is the last key of the previous page. */
  list(poolId: string, opts: { limit: number; after?: string; filter?: UserFilter }): Promise<UserRow[]>;
  count(poolId: string): Promise<number>;
}

export interface CodeStore {
  /** Stores a code and, in the same transaction, retires every older unused code for that user and purpose. */
  issue(c: CodeRow): Promise<void>;
  /**
   * Atomic single use: one `UPDATE … WHERE used_at IS NULL AND expires_at > now` that must change
   * exactly one row. Of many concurrent callers with the right code, exactly one gets "consumed".
   */
  consume(q: { poolId: string; userId: string; purpose: string; codeMac: string; now: number }): Promise<ConsumeResult>;
  /**
   * The state of the code with this MAC, used or not (a code retired by a newer one counts as used):
   * for saying why a code that was once right no longer works. Undefined when none matches.
   */
  lookup(q: {
    poolId: string;
    userId: string;
    purpose: string;
    codeMac: string;
  }): Promise<{ usedAt: number | null; expiresAt: number } | undefined>;
  /** Deletes codes that expired at or before `before`; returns how many. */
  purgeExpired(before: number): Promise<number>;
}

/**
 * What a rotation did: "rotated" (the successor is stored), "replayed" (the token was rotated
 * before, outside the grace period: a reuse), "refused" (unknown, revoked or expired).
 */
export type RotateResult = "rotated" | "replayed" | "refused";

export interface RefreshTokenStore {
  insert(r: RefreshTokenRow): Promise<void>;
  get(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /**
   * Atomic rotation: retires `oldHash` and stores `next` in one transaction. Within the grace
   * period a retry replaces the earlier successor, so at most one successor is ever live. Of
   * concurrent rotations of one token (grace 0) exactly one gets "rotated", the others "replayed".
   */
  rotate(oldHash: string, next: RefreshTokenRow, now: number, graceMs: number): Promise<RotateResult>;
  /** Deletes refresh tokens that expired at or before `before`; returns how many. */
  purgeExpired(before: number): Promise<number>;
}

export interface SessionStore {
  create(s: SessionRow): Promise<void>;
  get(idHash: string): Promise<SessionRow | undefined>;
  /** Atomic single use: returns the row only to the one caller that consumed it while unexpired. */
  consume(idHash: string, now: number): Promise<SessionRow | undefined>;
  /** Deletes sessions that have expired (used or not); returns how many. */
  purgeExpired(now: number): Promise<number>;
}

export interface KeyStore {
  listForPool(poolId: string): Promise<KeyRow[]>;
  /** Inserts unless the pool already has a key for that use; false when another writer won. */
  insertIfAbsent(k: KeyRow): Promise<boolean>;
}

export interface DevMailStore {
  insert(m: DevMessageRow): Promise<void>;
  /** Newest first; `to` matches the lower-cased recipient. */
  list(opts: { to?: string; limit: number }): Promise<DevMessageRow[]>;
}

export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  /** Returns the stored value: `value` if this call inserted it, else the existing one. */
  setIfAbsent(key: string, value: string): Promise<string>;
}

export interface Store {
  readonly engine: "sqlite" | "postgres";
  readonly pools: PoolStore;
  readonly clients: ClientStore;
  readonly users: UserStore;
  readonly codes: CodeStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly sessions: SessionStore;
  readonly keys: KeyStore;
  readonly devMail: DevMailStore;
  readonly meta: MetaStore;
  readonly revocations: RevocationStore;
  readonly lockouts: LockoutStore;
  readonly srpAnswers: SrpAnswerStore;
  readonly quotas: QuotaStore;
  readonly groups: GroupStore;
  readonly pendingAttributes: PendingAttributeStore;
  // OAuth 2.0 / OIDC and federation (oauthTypes.ts)
  readonly identityProviders: IdentityProviderStore;
  readonly resourceServers: ResourceServerStore;
  readonly domains: DomainStore;
  readonly authCodes: AuthorizationCodeStore;
  readonly grants: GrantStore;
  readonly hostedSessions: HostedSessionStore;
  readonly federationStates: FederationStateStore;
  readonly requestRates: RequestRateStore;
  /** The raw connection, for migrations and test-only table dumps. Services never use it. */
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}
