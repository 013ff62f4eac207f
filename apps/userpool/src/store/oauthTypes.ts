/**
 * Storage contract for OAuth 2.0 / OIDC and federation (issue 7). Same rules as types.ts: narrow
 * interfaces, atomic operations say so, and `oauth.contract.ts` is the executable definition.
 */
import type { JsonObject } from "./types.js";

export interface IdentityProviderRow {
  poolId: string;
  name: string;
  type: string;
  /** ProviderDetails as JSON, sealed under the data key (it holds client_secret). */
  detailsEnc: string;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

export interface ResourceServerRow {
  poolId: string;
  identifier: string;
  name: string;
  scopes: { ScopeName: string; ScopeDescription: string }[];
  createdAt: number;
  updatedAt: number;
}

export interface DomainRow {
  domain: string;
  poolId: string;
  customDomainConfig: JsonObject | null;
  managedLoginVersion: number;
  createdAt: number;
}

export interface AuthorizationCodeRow {
  codeHash: string;
  poolId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  nonce: string | null;
  /** Seconds since the epoch of the sign-in this code came from. */
  authTime: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** Set by the redemption that won: the origin_jti of the tokens it produced. */
  originJti: string | null;
}

export type RedeemResult =
  | { status: "redeemed"; row: AuthorizationCodeRow }
  /** Already redeemed: `originJti` names the tokens the first redemption produced. */
  | { status: "replayed"; row: AuthorizationCodeRow }
  | { status: "expired" | "unknown" };

export interface GrantRow {
  originJti: string;
  poolId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
}

export interface HostedSessionRow {
  idHash: string;
  poolId: string;
  userId: string;
  /** COGNITO or the identity provider's name. */
  provider: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
}

export interface FederationStateRow {
  stateHash: string;
  poolId: string;
  providerName: string;
  dataEnc: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** A unique index of these tables refused a write; `what` says which one. */
export class OAuthConflictError extends Error {
  override name = "OAuthConflictError";
  constructor(readonly what: "provider-name" | "idp-identifier" | "resource-server" | "domain") {
    super(`unique constraint: ${what}`);
  }
}

export interface IdentityProviderStore {
  /**
   * Inserts the provider and its identifiers in one transaction;
   * OAuthConflictError("provider-name" | "idp-identifier").
   */
  create(r: IdentityProviderRow): Promise<void>;
  get(poolId: string, name: string): Promise<IdentityProviderRow | undefined>;
  getByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRow | undefined>;
  /** Ordered by name; `after` is the last name of the previous page. */
  list(poolId: string, opts: { limit: number; after?: string }): Promise<IdentityProviderRow[]>;
  /**
   * Replaces details, mapping and identifiers atomically; false when the provider is gone;
   * OAuthConflictError("idp-identifier").
   */
  update(r: IdentityProviderRow): Promise<boolean>;
  delete(poolId: string, name: string): Promise<boolean>;
}

export interface ResourceServerStore {
  /** OAuthConflictError("resource-server") when the identifier exists in the pool. */
  create(r: ResourceServerRow): Promise<void>;
  get(poolId: string, identifier: string): Promise<ResourceServerRow | undefined>;
  list(poolId: string, opts: { limit: number; after?: string }): Promise<ResourceServerRow[]>;
  update(r: ResourceServerRow): Promise<boolean>;
  delete(poolId: string, identifier: string): Promise<boolean>;
}

export interface DomainStore {
  /** OAuthConflictError("domain") when the domain is taken or the pool already has one. */
  create(r: DomainRow): Promise<void>;
  get(domain: string): Promise<DomainRow | undefined>;
  getForPool(poolId: string): Promise<DomainRow | undefined>;
  delete(poolId: string, domain: string): Promise<boolean>;
}

export interface AuthorizationCodeStore {
  insert(r: AuthorizationCodeRow): Promise<void>;
  get(codeHash: string): Promise<AuthorizationCodeRow | undefined>;
  /**
   * Atomic single use: one `UPDATE … SET used_at, origin_jti WHERE used_at IS NULL AND expires_at > now`
   * that must change exactly one row. Of many concurrent callers exactly one gets "redeemed"; the
   * others get "replayed" with the winner's origin_jti (so the caller can revoke those tokens).
   */
  redeem(codeHash: string, originJti: string, now: number): Promise<RedeemResult>;
  /** Deletes codes that expired at or before `before`, used or not; returns how many. */
  purgeExpired(before: number): Promise<number>;
}

export interface GrantStore {
  insert(r: GrantRow): Promise<void>;
  get(originJti: string): Promise<GrantRow | undefined>;
}

export interface HostedSessionStore {
  create(r: HostedSessionRow): Promise<void>;
  /** The session when it exists and has not expired at `now`. */
  getLive(idHash: string, now: number): Promise<HostedSessionRow | undefined>;
  delete(idHash: string): Promise<boolean>;
  /** Ends every hosted-UI session of a user (global sign-out, disable, delete). */
  deleteForUser(poolId: string, userId: string): Promise<number>;
  /** Deletes sessions that have expired at `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

export interface FederationStateStore {
  create(r: FederationStateRow): Promise<void>;
  /** Atomic single use: the row only for the one caller that consumed it while unexpired. */
  consume(stateHash: string, now: number): Promise<FederationStateRow | undefined>;
  /** Deletes states that have expired at `now`, used or not; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
