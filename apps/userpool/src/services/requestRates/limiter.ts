/**
 * Request-rate limits: Cognito's category quotas, counted per user pool in one-second windows, and
 * per-client-address limits in one-minute windows in front of the unauthenticated endpoints. The
 * counters live in the database (store.requestRates), so instances sharing one database share one
 * limit. Both answer TooManyRequestsException; the HTTP layers write it in their own shape.
 *
 * This is not the per-user quota of services/quotas.ts (LimitExceededException, per user and hour).
 */
import type { Clock } from "../../clock.js";
import type { PoolRateLimits, RateLimitSettings } from "../../config/rateLimits.js";
import { TooManyRequestsException } from "../../errors/cognitoErrors.js";
import type { Store } from "../../store/index.js";
import type { PoolService } from "../pools.js";
import {
  challengeBucket,
  endpointCategory,
  OPERATION_ADDRESS_ENDPOINTS,
  OPERATION_CATEGORIES,
  PER_OPERATION_CAPPED,
  PER_OPERATION_RPS,
  TOKEN_GRANT_BUCKETS,
  type AddressEndpoint,
  type Bucket,
  type Category,
} from "./categories.js";
import { addressKey } from "./clientAddress.js";

/**
 * What Cognito answers when a category quota is exceeded: TooManyRequestsException, HTTP 400,
 * "Rate exceeded" (the message SDK users report, e.g. aws-amplify/amplify-js#3554, boto/boto3#2517).
 */
export const RATE_EXCEEDED = "Rate exceeded";
export const ADDRESS_LIMITED = "Too many requests from this address. Try again in a minute.";

const SECOND = 1000;
const MINUTE = 60_000;
/** Operations that name no pool (CreateUserPool, ListUserPools) share this scope: Cognito counts them per account. */
const ACCOUNT_SCOPE = "*";
const POOL_ID = /^[\w-]+_[0-9A-Za-z]+$/;
/** Bound on the counters remembered as over their limit (a flood from many addresses). */
const MAX_REMEMBERED = 50_000;

export interface RateLimitConfig {
  settings: RateLimitSettings;
  /** Pool ID → the pool's `RequestRateLimits` from the config file. */
  poolLimits: ReadonlyMap<string, PoolRateLimits>;
  /** UpdateProvisionedLimit's stored values by category: they replace `settings.categories` (ADR 0032). */
  provisioned?: Readonly<Record<string, number>>;
}

export const NO_RATE_LIMITS: RateLimitConfig = {
  settings: { categories: {}, addresses: {}, trustedProxyHops: 0, trustedProxyHopsSet: false },
  poolLimits: new Map(),
};

export class RequestRateLimiter {
  /** False when no limit of any kind is configured: callers skip the limiter, so it costs nothing. */
  active: boolean;
  readonly trustedProxyHops: number;
  private categoriesOn: boolean;
  /** Provisioned limits (UpdateProvisionedLimit), server-wide by category. */
  private readonly provisioned: Map<string, number>;
  private readonly settings: RateLimitSettings;
  private readonly poolLimits: ReadonlyMap<string, PoolRateLimits>;
  /**
   * Counters this instance has seen over their limit, with the end of that window. Within a window
   * a count only grows, so until then every request of the counter is refused here without a
   * write: a flood from one address costs the database one row update per window, not one per request.
   */
  private readonly over = new Map<string, number>();

  constructor(
    private readonly deps: { store: Store; clock: Clock; pools: Pick<PoolService, "findClient" | "findPool"> },
    config: RateLimitConfig,
  ) {
    this.settings = config.settings;
    this.poolLimits = config.poolLimits;
    this.trustedProxyHops = config.settings.trustedProxyHops;
    this.provisioned = new Map(Object.entries(config.provisioned ?? {}));
    this.categoriesOn =
      Object.keys(config.settings.categories).length > 0 ||
      this.provisioned.size > 0 ||
      [...config.poolLimits.values()].some((l) => Object.values(l).some((v) => v !== "off"));
    this.active = this.categoriesOn || Object.keys(config.settings.addresses).length > 0;
  }

  /** Counts one request of an address-limited endpoint from `address`; throws past its limit. */
  async admitAddress(endpoint: AddressEndpoint, address: string | undefined): Promise<void> {
    const limit = this.settings.addresses[endpoint];
    if (limit === undefined || !address) return;
    const key = `a:${endpoint}:${addressKey(address)}`;
    const now = this.now();
    if (this.isOver(key, now)) throw new TooManyRequestsException(ADDRESS_LIMITED);
    const count = (await this.deps.store.requestRates.hit(now, [{ key, windowMs: MINUTE }])).get(key)!;
    if (count > limit) {
      this.markOver(key, now, MINUTE);
      throw new TooManyRequestsException(ADDRESS_LIMITED);
    }
  }

  /** The per-address limit of a JSON operation (SignUp, InitiateAuth, ConfirmSignUp, ForgotPassword), if it has one. */
  async admitOperationAddress(operation: string, address: string | undefined): Promise<void> {
    const endpoint = OPERATION_ADDRESS_ENDPOINTS[operation];
    if (endpoint) await this.admitAddress(endpoint, address);
  }

  /**
   * Counts a JSON operation against its category for the pool the request names (UserPoolId, the
   * pool of ClientId, or the issuer of AccessToken); throws past the quota. A request naming an
   * unknown client or a token of no pool here is not counted: the operation refuses it anyway.
   */
  async admitOperation(operation: string, input: Record<string, unknown>): Promise<void> {
    if (!this.categoriesOn) return;
    const category = OPERATION_CATEGORIES[operation];
    if (category === undefined)
      throw new Error(`operation ${operation} has no request-rate category (services/requestRates/categories.ts)`);
    const scope = await this.scopeOf(input);
    if (scope === undefined) return;
    if (category === "ChallengeResponse") return this.admitChallenge(scope, input.ChallengeName);
    await this.admitBucket(scope, category, PER_OPERATION_CAPPED.has(category) ? operation : undefined);
  }

  /** Counts one request of a hosted or OAuth endpoint (ENDPOINT_RATES) against its pool's category. */
  async admitEndpoint(poolId: string, endpoint: string): Promise<void> {
    if (this.categoriesOn) await this.admitBucket(poolId, endpointCategory(endpoint));
  }

  /** Counts a token request by its grant type (TOKEN_GRANT_BUCKETS); an unknown grant is refused before this. */
  async admitTokenGrant(poolId: string, grantType: string): Promise<void> {
    const bucket = TOKEN_GRANT_BUCKETS[grantType];
    if (bucket === undefined)
      throw new Error(`grant ${grantType} has no request-rate bucket (services/requestRates/categories.ts)`);
    if (this.categoriesOn) await this.admitBucket(poolId, bucket);
  }

  /** The pool an access token claims to be from (its `iss`), when that pool exists. Unverified: only for counting. */
  async poolOfToken(token: string): Promise<string | undefined> {
    const payload = token.split(".")[1];
    if (!payload) return undefined;
    let iss: unknown;
    try {
      iss = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown }).iss;
    } catch {
      return undefined;
    }
    if (typeof iss !== "string") return undefined;
    const id = iss.slice(iss.lastIndexOf("/") + 1);
    return id.length <= 55 && POOL_ID.test(id) && (await this.deps.pools.findPool(id)) ? id : undefined;
  }

  /**
   * Quota of a counter in a scope: the pool's own setting, else the server's. The derived
   * allocations follow UserAuthentication ("Quotas in Amazon Cognito", special request rate
   * handling and footnote 2).
   */
  limitOf(scope: string, bucket: Bucket): number | undefined {
    if (bucket === "UserAuthentication.challenges") {
      const base = this.limitOf(scope, "UserAuthentication");
      return base === undefined ? undefined : 3 * base;
    }
    if (bucket === "UserAuthentication.codeRedemption") return this.limitOf(scope, "UserAuthentication");
    const own = this.poolLimits.get(scope)?.[bucket];
    if (own === "off") return undefined;
    return own ?? this.serverLimit(bucket);
  }

  /** A category's limit for every pool without its own: the provisioned one, else the configured one. */
  serverLimit(category: Category): number | undefined {
    return this.provisioned.get(category) ?? this.settings.categories[category];
  }

  /** Applies a provisioned limit the caller has stored (UpdateProvisionedLimit), from the next request on. */
  provision(category: Category, value: number): void {
    this.provisioned.set(category, value);
    this.categoriesOn = true;
    this.active = true;
  }

  private async admitChallenge(scope: string, challengeName: unknown): Promise<void> {
    const bucket = challengeBucket(challengeName);
    if (bucket === "UserAccountRecovery") return this.admitBucket(scope, bucket);
    if (await this.within(scope, bucket)) return;
    // Answers beyond three per sign-in's worth count toward UserAuthentication itself.
    await this.admitBucket(scope, "UserAuthentication");
  }

  private async admitBucket(scope: string, bucket: Bucket, cappedOperation?: string): Promise<void> {
    if (!(await this.within(scope, bucket, cappedOperation))) throw new TooManyRequestsException(RATE_EXCEEDED);
  }

  /** Counts one request; false when it is over the bucket's limit (or over the per-operation cap). */
  private async within(scope: string, bucket: Bucket, cappedOperation?: string): Promise<boolean> {
    const limit = this.limitOf(scope, bucket);
    if (limit === undefined) return true;
    const key = `c:${scope}:${bucket}`;
    const cap = cappedOperation === undefined ? undefined : `o:${scope}:${cappedOperation}`;
    const now = this.now();
    if (this.isOver(key, now) || (cap !== undefined && this.isOver(cap, now))) return false;
    const counters = cap
      ? [
          { key, windowMs: SECOND },
          { key: cap, windowMs: SECOND },
        ]
      : [{ key, windowMs: SECOND }];
    const counts = await this.deps.store.requestRates.hit(now, counters);
    let within = true;
    if (counts.get(key)! > limit) within = this.markOver(key, now, SECOND);
    if (cap !== undefined && counts.get(cap)! > PER_OPERATION_RPS) within = this.markOver(cap, now, SECOND);
    return within;
  }

  private isOver(key: string, now: number): boolean {
    const until = this.over.get(key);
    if (until === undefined) return false;
    if (now < until) return true;
    this.over.delete(key);
    return false;
  }

  /** Remembers a counter over its limit until its window ends; returns false (not within). */
  private markOver(key: string, now: number, windowMs: number): false {
    if (this.over.size >= MAX_REMEMBERED) {
      for (const [k, until] of this.over) if (until <= now) this.over.delete(k);
      if (this.over.size >= MAX_REMEMBERED) this.over.clear();
    }
    // The store's windows: aligned to multiples of their length since the epoch.
    this.over.set(key, (Math.floor(now / windowMs) + 1) * windowMs);
    return false;
  }

  private async scopeOf(input: Record<string, unknown>): Promise<string | undefined> {
    if (typeof input.UserPoolId === "string") return input.UserPoolId;
    if (typeof input.ClientId === "string") return (await this.deps.pools.findClient(input.ClientId))?.poolId;
    if (typeof input.AccessToken === "string") return this.poolOfToken(input.AccessToken);
    return ACCOUNT_SCOPE;
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}
