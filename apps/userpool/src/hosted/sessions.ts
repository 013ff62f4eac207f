/**
 * Hosted-UI sessions: after a sign-in on the hosted pages (or through a federated provider) the
 * browser holds a cookie, so a second /oauth2/authorize answers without asking again. The cookie
 * value is 256 random bits; the database keeps only its SHA-256, so a dump cannot be replayed.
 * Cognito's managed-login session lasts one hour.
 */
import type { Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import type { Random } from "../random.js";
import type { HostedSessionRow, Store, UserRow } from "../store/index.js";
import type { Pool } from "../services/pools.js";

export const HOSTED_SESSION_MS = 3_600_000;

export class HostedSessionService {
  constructor(private readonly deps: { store: Store; random: Random; clock: Clock }) {}

  /** Cookie names are per pool, so sign-ins to two pools on one host never mix. */
  cookieName(poolId: string): string {
    return `__Host-authhub-session-${poolId}`;
  }

  async create(
    pool: Pool,
    user: UserRow,
    provider: string,
    authTime: number,
    samlSessionIndex?: string,
  ): Promise<{ value: string; idHash: string; maxAgeMs: number }> {
    const value = this.deps.random.bytes(32).toString("base64url");
    const idHash = sha256(value);
    const now = this.deps.clock.now().getTime();
    await this.deps.store.hostedSessions.create({
      idHash,
      poolId: pool.id,
      userId: user.id,
      provider,
      authTime,
      createdAt: now,
      expiresAt: now + HOSTED_SESSION_MS,
      ...(samlSessionIndex !== undefined ? { samlSessionIndex } : {}),
    });
    return { value, idHash, maxAgeMs: HOSTED_SESSION_MS };
  }

  /** The live session behind a cookie value, with its user (who must still exist and be enabled). */
  async resolve(
    pool: Pool,
    value: string | undefined,
  ): Promise<{ session: HostedSessionRow; user: UserRow } | undefined> {
    if (!value || value.length > 128) return undefined;
    const session = await this.deps.store.hostedSessions.getLive(sha256(value), this.deps.clock.now().getTime());
    if (!session || session.poolId !== pool.id) return undefined;
    const user = await this.deps.store.users.getById(pool.id, session.userId);
    if (!user?.enabled || (user.status !== "CONFIRMED" && user.status !== "EXTERNAL_PROVIDER")) return undefined;
    // GlobalSignOut / AdminUserGlobalSignOut move the user's watermark: a session from before it is over too.
    const { signedOutAt } = await this.deps.store.revocations.status({
      poolId: pool.id,
      userId: user.id,
      originJti: undefined,
    });
    if (signedOutAt !== null && session.createdAt <= signedOutAt) return undefined;
    return { session, user };
  }

  async end(value: string | undefined): Promise<void> {
    if (value && value.length <= 128) await this.deps.store.hostedSessions.delete(sha256(value));
  }

  /** Ends every hosted-UI session of a user (a sign-out everywhere also signs out of the hosted UI). */
  async endAllFor(pool: Pool, user: UserRow): Promise<void> {
    await this.deps.store.hostedSessions.deleteForUser(pool.id, user.id);
  }
}
