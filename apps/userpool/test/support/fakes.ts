/**
 * Fakes for the unit tests of operation handlers (src/targets/*.test.ts): a handler gets only the
 * services it picks, and each fake implements only what the test gives it, so reaching for anything
 * else fails loudly instead of silently returning undefined. No database, HTTP or key material.
 */
import { createHmac } from "node:crypto";
import { vi } from "vitest";
import type { ClientSettingsInput, PoolSettingsInput } from "../../src/protocol/poolShapes.js";
import type { RequestContext, Target } from "../../src/protocol/target.js";
import type { AuthenticatedAccess } from "../../src/services/accessTokens.js";
import type { Services } from "../../src/services/index.js";
import { normalizeClientSettings, normalizePoolSettings, type PoolSettings } from "../../src/services/poolSettings.js";
import type { Client, Pool } from "../../src/services/pools.js";
import { API_SCOPE } from "../../src/services/tokens.js";

type AnyTarget = Target<any, any, any>;

// Rows as the services hand them out, so a fake returns what the real service would.
export type UserRow = Awaited<ReturnType<Services["users"]["get"]>>;
export type GroupRow = Parameters<Services["groups"]["toGroupType"]>[0];
export type DomainRow = Parameters<Services["domains"]["describe"]>[0];
export type ResourceServerRow = Parameters<Services["resourceServers"]["describe"]>[0];
export type IdentityProvider = Parameters<Services["identityProviders"]["describe"]>[0];
/** The services a target's handler picked (`Pick<Services, …>`). */
export type DepsOf<T extends AnyTarget> = Parameters<T["handle"]>[0];
/** What a test gives for each picked service: any subset of its members. */
export type FakeMembers<D> = { [K in keyof D]?: Partial<D[K]> };

/** One service fake: the given members, and an error naming any other member the handler reads. */
export function fake<T extends object>(name: string, members: Partial<T>): T {
  return new Proxy(members, {
    get(target, key, receiver) {
      // Symbols and `then` are probed by awaits and printers, not by handlers.
      if (typeof key === "symbol" || key === "then") return Reflect.get(target, key, receiver);
      if (!(key in target)) throw new Error(`the test's fake ${name} has no ${key}`);
      const value: unknown = Reflect.get(target, key);
      // Bound to the fake itself: a class instance (e.g. ManualClock) reaches its private fields.
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as T;
}

/**
 * The deps a target's handler receives: `fakeDeps(initiateAuth, { pools: {…}, signIn: {…} })`.
 * Only services the handler picked may be given; one it reads without the test giving it fails.
 */
export function fakeDeps<T extends AnyTarget>(_target: T, members: FakeMembers<DepsOf<T>>): DepsOf<T> {
  const given = members as Record<string, object | undefined>;
  const services = new Map<string, object>();
  return new Proxy({} as DepsOf<T>, {
    get(_, key) {
      if (typeof key === "symbol" || key === "then") return undefined;
      if (!services.has(key)) services.set(key, fake(key, given[key] ?? {}));
      return services.get(key);
    },
  });
}

export const CLIENT_ID = "testclient0000000000000000";
/** The SMS sender role the MFA tests' pools name (never called: the dev SMS outbox stands in for SNS). */
export const TEST_SMS_CONFIGURATION = { SnsCallerArn: "arn:aws:iam::000000000000:role/sms", ExternalId: "authhub" };
export const ctx: RequestContext = { requestId: "req-1", sourceIp: "203.0.113.7" };

/** A pool with Cognito's defaults filled in, as PoolService returns it. */
export function pool(settings: PoolSettingsInput = {}, id = "us-east-1_TestPool1"): Pool {
  return {
    id,
    name: "test",
    settings: normalizePoolSettings(settings, "us-east-1"),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/**
 * Pool-service members for handlers that read a pool and store new settings for it: `p` found by its ID,
 * and replaceSettings answering what it was given (`stored()` is the last settings stored).
 */
export function settingsPools(p: Pool) {
  const pools = {
    getPool: vi.fn(async () => p),
    findPool: vi.fn(async (id: string) => (id === p.id ? p : undefined)),
    replaceSettings: vi.fn(async (q: Pool, settings: PoolSettings) => ({ ...q, settings })),
  };
  return { pools, stored: () => pools.replaceSettings.mock.lastCall?.[1] };
}

/** An app client of `poolId` without a secret, with Cognito's client defaults filled in. */
export function client(settings: ClientSettingsInput = {}, poolId = "us-east-1_TestPool1"): Client {
  return {
    id: CLIENT_ID,
    poolId,
    name: "app",
    secrets: [],
    settings: normalizeClientSettings(settings),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** A confirmed, enabled user named alice. */
export function user(over: Partial<UserRow> = {}): UserRow {
  return {
    id: "11111111-1111-4111-8111-111111111111",
    poolId: "us-east-1_TestPool1",
    username: "alice",
    usernameKey: "alice",
    status: "CONFIRMED",
    enabled: true,
    attributes: { sub: "11111111-1111-4111-8111-111111111111", email: "alice@example.com" },
    srpSalt: null,
    verifierEnc: null,
    passwordSetAt: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

/** What AccessTokenService.authenticate answers for a token of `CLIENT_ID` with the self-service scope. */
export function signedIn(p: Pool, u: UserRow, claims: AuthenticatedAccess["claims"] = {}): AuthenticatedAccess {
  return { pool: p, user: u, mfa: undefined, claims: { scope: API_SCOPE, client_id: CLIENT_ID, ...claims } };
}

/** SECRET_HASH as the Cognito developer guide defines it, computed here independently of the server's code. */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");
}
