/**
 * The user-session operations (ListUserSessions, AdminListUserSessions, RevokeUserSession,
 * AdminRevokeUserSession) over the refresh-token families: a token session is everything
 * descended from one sign-in, sharing one origin_jti (revocation.ts). Every session is a TOKEN
 * session; the hosted UI's cookie sessions are not listed (ADR 0025).
 */
import { createHash } from "node:crypto";
import type { SessionDescriptionType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { InvalidParameterException, ResourceNotFoundException } from "../errors/cognitoErrors.js";
import type { RefreshFamily, Store, UserRow } from "../store/index.js";
import { validitySeconds } from "./poolSettings.js";
import type { Pool, PoolService } from "./pools.js";
import type { RevocationService } from "./revocation.js";

/**
 * "Amazon Cognito returns all of a user's sessions in a single page of up to 125 sessions" (API reference,
 * AdminListUserSessions).
 */
export const SESSIONS_PAGE_SIZE = 125;

/** A session ID: 28 lowercase letters and digits, `tkn` + 25 (API reference, SessionDescriptionType). */
const ID_LENGTH = 25;

/**
 * The SessionId of a family: derived, not stored, so sessions from before this feature have one
 * too. A hash of the origin, which the caller's own access token carries anyway (`origin_jti`).
 */
export function sessionIdOf(poolId: string, originJti: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(`session:${poolId}:${originJti}`).digest("hex")}`).toString(
    36,
  );
  return `tkn${digits.padStart(ID_LENGTH, "0").slice(-ID_LENGTH)}`;
}

interface Listed {
  family: RefreshFamily;
  id: string;
}

/** NextToken: where the previous page ended, in the order newest sign-in first, then by ID. */
interface Cursor {
  createdAt: number;
  id: string;
}

const encodeCursor = (c: Cursor): string => Buffer.from(`${c.createdAt}.${c.id}`, "utf8").toString("base64url");

function decodeCursor(token: string): Cursor {
  const m = /^(\d{1,16})\.(tkn[0-9a-z]{25})$/u.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) throw new InvalidParameterException("Invalid NextToken.");
  return { createdAt: Number(m[1]), id: m[2]! };
}

const after = (l: Listed, c: Cursor): boolean =>
  l.family.createdAt < c.createdAt || (l.family.createdAt === c.createdAt && l.id > c.id);

export class SessionService {
  private readonly pageSize: number;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      pools: PoolService;
      revocation: RevocationService;
      /** Sessions per page; Cognito's 125 unless a test wants small pages. */
      sessionsPageSize?: number;
    },
  ) {
    this.pageSize = deps.sessionsPageSize ?? SESSIONS_PAGE_SIZE;
  }

  private async live(pool: Pool, user: UserRow): Promise<Listed[]> {
    const families = await this.deps.store.refreshTokens.listFamilies({
      poolId: pool.id,
      userId: user.id,
      now: this.deps.clock.now().getTime(),
    });
    return families
      .map((family) => ({ family, id: sessionIdOf(pool.id, family.originJti) }))
      .sort((a, b) => b.family.createdAt - a.family.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * One page of the user's live sessions. `currentOrigin` is the origin_jti of the caller's access
   * token (ListUserSessions), marking IsCurrentSession; AdminListUserSessions has none.
   */
  async list(
    pool: Pool,
    user: UserRow,
    nextToken: string | undefined,
    currentOrigin?: string,
  ): Promise<{ Sessions: SessionDescriptionType[]; NextToken?: string }> {
    const cursor = nextToken === undefined ? undefined : decodeCursor(nextToken);
    const all = await this.live(pool, user);
    const rest = cursor ? all.filter((l) => after(l, cursor)) : all;
    const page = rest.slice(0, this.pageSize);
    const last = page.at(-1);
    return {
      Sessions: page.map(({ family, id }) => ({
        SessionId: id,
        SessionType: "TOKEN",
        ClientId: family.clientId,
        CreateDate: new Date(family.createdAt),
        // Refreshes without rotation write nothing, so the last activity on record is the last rotation (ADR 0025).
        LastActiveDate: new Date(family.lastIssuedAt),
        IsCurrentSession: currentOrigin !== undefined && family.originJti === currentOrigin,
      })),
      ...(rest.length > page.length && last
        ? { NextToken: encodeCursor({ createdAt: last.family.createdAt, id: last.id }) }
        : {}),
    };
  }

  /**
   * Ends one of the user's sessions as RevokeToken does: its refresh tokens are refused and the
   * userpool's APIs refuse its access tokens. A session that is not the user's live session is
   * ResourceNotFoundException, so another user's session IDs cannot be probed.
   */
  async revoke(
    pool: Pool,
    user: UserRow,
    sessionId: string,
    o: { revokeAssociated?: string; currentOrigin?: string } = {},
  ): Promise<void> {
    // LINKED would end the parent SSO session too; hosted-UI sessions are not tracked as SSO sessions here.
    if (o.revokeAssociated === "LINKED")
      throw new InvalidParameterException(
        "RevokeAssociatedSessions LINKED is not supported: this user pool tracks no SSO sessions; use NONE.",
      );
    const found = (await this.live(pool, user)).find((l) => l.id === sessionId);
    if (!found) throw new ResourceNotFoundException("Session not found.");
    // "You can't revoke the session that the calling access token belongs to" (API reference, RevokeUserSession).
    if (o.currentOrigin !== undefined && found.family.originJti === o.currentOrigin)
      throw new InvalidParameterException(
        "The current session can't be revoked with RevokeUserSession; use RevokeToken or GlobalSignOut.",
      );
    // A successor minted by a rotation racing this revocation expires at most a refresh lifetime from now.
    const client = await this.deps.pools.findClient(found.family.clientId);
    const now = this.deps.clock.now().getTime();
    const latest = client
      ? now +
        validitySeconds(client.settings.RefreshTokenValidity, client.settings.TokenValidityUnits.RefreshToken) * 1000
      : 0;
    await this.deps.revocation.revokeOrigin({
      poolId: pool.id,
      originJti: found.family.originJti,
      userId: user.id,
      tokensExpireAt: Math.max(found.family.expiresAt, latest),
    });
  }
}
