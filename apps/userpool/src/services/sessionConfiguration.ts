/**
 * Session configuration (Get/SetUserPoolSessionConfiguration, Get/SetUserPoolClientSessionConfiguration) over the
 * sessions this server already has: token sessions are refresh-token families (ADR 0025), the SSO session is the
 * hosted UI's cookie session (hosted/sessions.ts). ADR 0032 says what each member does here.
 */
import type {
  ClientSSOSessionConfigType,
  GetUserPoolSessionConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { HOSTED_SESSION_MS } from "../hosted/sessions.js";
import type { Store } from "../store/index.js";
import type { Client, Pool } from "./pools.js";
import type { RevocationService } from "./revocation.js";

const DOCUMENT = "sessionConfiguration";

export interface PoolSessionConfiguration {
  UserSessionTracking: "ENABLED" | "DISABLED";
  TokenSession: { MaxPerUser: number };
}

/**
 * "If you have never called SetUserPoolSessionConfiguration for the user pool, this operation returns the default
 * values: UserSessionTracking as DISABLED and a MaxPerUser value of 20" (API reference,
 * GetUserPoolSessionConfiguration).
 */
export const DEFAULT_POOL_SESSIONS: PoolSessionConfiguration = {
  UserSessionTracking: "DISABLED",
  TokenSession: { MaxPerUser: 20 },
};

/** ClientSSOSessionConfigType: "The default is 60" minutes. */
export const DEFAULT_SSO_MAX_VALIDITY_MINUTES = 60;

/** The hosted UI's cookie session lives this long, so no client can reuse it for longer. */
export const SSO_SESSION_MINUTES = HOSTED_SESSION_MS / 60_000;

/** How long a pool's configuration is reused by sign-ins before it is read again (another instance may change it). */
const CACHE_MS = 5_000;

export class SessionConfigurationService {
  private readonly cache = new Map<string, { at: number; config: PoolSessionConfiguration }>();

  constructor(private readonly deps: { store: Store; clock: Clock; revocation: RevocationService }) {}

  async poolConfiguration(pool: Pool): Promise<PoolSessionConfiguration> {
    const doc = await this.deps.store.administration.getPoolDocument(pool.id, DOCUMENT);
    const config = (doc as PoolSessionConfiguration | undefined) ?? DEFAULT_POOL_SESSIONS;
    this.cache.set(pool.id, { at: this.now(), config });
    return config;
  }

  /** The configuration for the sign-in path: read at most every few seconds, so a sign-in adds no read. */
  private async cachedConfiguration(pool: Pool): Promise<PoolSessionConfiguration> {
    const hit = this.cache.get(pool.id);
    const age = hit ? this.now() - hit.at : -1;
    return hit && age >= 0 && age < CACHE_MS ? hit.config : this.poolConfiguration(pool);
  }

  /** A full replacement of the pool's configuration, as the API reference says SetUserPoolSessionConfiguration is. */
  async setPoolConfiguration(
    pool: Pool,
    c: PoolSessionConfiguration,
  ): Promise<GetUserPoolSessionConfigurationResponse & PoolSessionConfiguration> {
    const value: PoolSessionConfiguration = {
      UserSessionTracking: c.UserSessionTracking,
      TokenSession: { MaxPerUser: c.TokenSession.MaxPerUser },
    };
    await this.deps.store.administration.putPoolDocument(pool.id, DOCUMENT, { ...value }, this.now());
    this.cache.set(pool.id, { at: this.now(), config: value });
    return { UserPoolId: pool.id, ...value };
  }

  async clientConfiguration(client: Client): Promise<ClientSSOSessionConfigType & { MaxValidityMinutes: number }> {
    const doc = await this.deps.store.administration.getClientDocument(client.id, DOCUMENT);
    return { MaxValidityMinutes: (doc?.MaxValidityMinutes as number | undefined) ?? DEFAULT_SSO_MAX_VALIDITY_MINUTES };
  }

  /**
   * Sets how long the client reuses the hosted UI's session. Beyond the session's own hour the value could not be
   * honoured (the cookie is gone), so it is refused by name rather than stored and cut short silently.
   */
  async setClientConfiguration(client: Client, minutes: number): Promise<{ MaxValidityMinutes: number }> {
    if (minutes > SSO_SESSION_MINUTES)
      throw new InvalidParameterException(
        `SSOSession.MaxValidityMinutes ${minutes} is not supported: this server's hosted UI session lasts ` +
          `${SSO_SESSION_MINUTES} minutes, so a client can reuse it for 0 to ${SSO_SESSION_MINUTES} minutes.`,
      );
    await this.deps.store.administration.putClientDocument(
      client.id,
      DOCUMENT,
      { MaxValidityMinutes: minutes },
      this.now(),
    );
    return { MaxValidityMinutes: minutes };
  }

  /** Whether `client` may answer /oauth2/authorize from a hosted-UI session whose user signed in at `authTime`. */
  async reusesSsoSession(client: Client, authTimeSeconds: number): Promise<boolean> {
    const { MaxValidityMinutes } = await this.clientConfiguration(client);
    return this.now() - authTimeSeconds * 1000 < MaxValidityMinutes * 60_000;
  }

  /**
   * After a sign-in started the token session `originJti`: with tracking ENABLED, ends the user's least recently
   * used sessions beyond MaxPerUser ("the next successful authentication automatically evicts that user's least
   * recently used token session", UserPoolTokenSessionConfigType). Lowering the limit evicts nothing by itself.
   */
  async afterSignIn(pool: Pool, userId: string, originJti: string): Promise<void> {
    const c = await this.cachedConfiguration(pool);
    if (c.UserSessionTracking !== "ENABLED") return;
    const now = this.now();
    const live = await this.deps.store.refreshTokens.listFamilies({ poolId: pool.id, userId, now });
    const excess = live.length - c.TokenSession.MaxPerUser;
    if (excess <= 0) return;
    const older = live
      .filter((f) => f.originJti !== originJti)
      .sort((a, b) => a.lastIssuedAt - b.lastIssuedAt || (a.originJti < b.originJti ? -1 : 1));
    for (const f of older.slice(0, excess)) {
      await this.deps.revocation.revokeOrigin({
        poolId: pool.id,
        originJti: f.originJti,
        userId,
        // A rotation racing this eviction mints a successor living one refresh lifetime from now.
        tokensExpireAt: Math.max(f.expiresAt, now + (f.expiresAt - f.lastIssuedAt)),
      });
    }
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}
