/**
 * The limiter's rules on a real store (every engine), with a manual clock: Cognito's special
 * handling of challenge answers, the per-operation cap, scopes, per-pool settings, token grants
 * and per-address counting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.js";
import { resolveRateLimits, type PoolRateLimits, type RateLimitOverrides } from "../../config/rateLimits.js";
import type { Store } from "../../store/index.js";
import { createTestStore, testEngines } from "../../../test/support/engines.js";
import { ADDRESS_LIMITED, RATE_EXCEEDED, RequestRateLimiter } from "./limiter.js";

const POOL_A = "us-east-1_LimiterA1";
const POOL_B = "us-east-1_LimiterB1";
const CLIENTS: Record<string, string> = { clienta: POOL_A, clientb: POOL_B };
const pools = {
  findClient: async (id: string) => (CLIENTS[id] ? ({ poolId: CLIENTS[id] } as never) : undefined),
  findPool: async (id: string) => ([POOL_A, POOL_B].includes(id) ? ({ id } as never) : undefined),
};
const THROTTLED = { name: "TooManyRequestsException", message: RATE_EXCEEDED, status: 400 };

/** An unsigned JWT-shaped token with the given issuer (the limiter only reads `iss`, to count). */
const tokenOf = (iss: string) => `e30.${Buffer.from(JSON.stringify({ iss })).toString("base64url")}.sig`;

describe.each(testEngines())("request-rate limiter on $name", (engine) => {
  let store: Store;
  // Each test takes its own second (or minute) so counters never carry over between tests.
  const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000);
  const nextMinute = () => clock.set((Math.floor(clock.now().getTime() / 60_000) + 1) * 60_000);
  const limiter = (o: RateLimitOverrides, poolLimits: Record<string, PoolRateLimits> = {}) =>
    new RequestRateLimiter(
      { store, clock, pools },
      { settings: resolveRateLimits({}, o, false), poolLimits: new Map(Object.entries(poolLimits)) },
    );
  const times = async (n: number, fn: () => Promise<void>) => {
    for (let i = 0; i < n; i++) await fn();
  };

  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(() => store?.close());

  it("is inactive when nothing is configured, and a pool's own limit alone activates it", () => {
    expect(limiter({}).active).toBe(false);
    expect(limiter({ mode: "off" }, { [POOL_A]: { UserCreation: "off" } }).active).toBe(false);
    expect(limiter({ mode: "off" }, { [POOL_A]: { UserCreation: 5 } }).active).toBe(true);
    expect(limiter({ mode: "on" }).active).toBe(true);
  });

  it("challenge answers have 3 times UserAuthentication, then overflow into UserAuthentication itself", async () => {
    nextMinute();
    const l = limiter({ categories: { UserAuthentication: 2 } });
    const answer = () =>
      l.admitOperation("RespondToAuthChallenge", { ClientId: "clienta", ChallengeName: "PASSWORD_VERIFIER" });
    await times(6, answer);
    // The 7th and 8th answers count toward UserAuthentication (2 per second here), the 9th is over it.
    await times(2, answer);
    await expect(answer()).rejects.toMatchObject(THROTTLED);
    await expect(l.admitOperation("InitiateAuth", { ClientId: "clienta" })).rejects.toMatchObject(THROTTLED);
    clock.advance(1000);
    await l.admitOperation("InitiateAuth", { ClientId: "clienta" });
    await l.admitOperation("AdminRespondToAuthChallenge", { UserPoolId: POOL_A, ChallengeName: "SMS_MFA" });
  });

  it(
    "a NEW_PASSWORD_REQUIRED answer counts toward UserAccountRecovery (footnote 1), " + "not the challenge allocation",
    async () => {
      nextMinute();
      const l = limiter({ categories: { UserAuthentication: 100, UserAccountRecovery: 1 } });
      const answer = (ChallengeName: string) =>
        l.admitOperation("RespondToAuthChallenge", { ClientId: "clienta", ChallengeName });
      await answer("NEW_PASSWORD_REQUIRED");
      await expect(answer("NEW_PASSWORD_REQUIRED")).rejects.toMatchObject(THROTTLED);
      await expect(l.admitOperation("ForgotPassword", { ClientId: "clienta" })).rejects.toMatchObject(THROTTLED);
      await answer("PASSWORD_VERIFIER");
    },
  );

  it("each operation of a footnote-3 category is held to 5 per second per pool, within the category's 15", async () => {
    nextMinute();
    const l = limiter({ mode: "on" });
    const op = (name: string, pool = POOL_A) => l.admitOperation(name, { UserPoolId: pool });
    await times(5, () => op("CreateGroup"));
    await expect(op("CreateGroup")).rejects.toMatchObject(THROTTLED);
    await times(5, () => op("UpdateGroup"));
    await times(4, () => op("DeleteGroup"));
    // 6 + 5 + 4 = 15 requests of UserPoolResourceUpdate: the 16th is over the category.
    await expect(op("DeleteResourceServer")).rejects.toMatchObject(THROTTLED);
    // Another pool, and another category, count apart.
    await op("CreateGroup", POOL_B);
    await op("GetGroup");
  });

  it("operations that name no pool share one server-wide count; pools are counted apart", async () => {
    nextMinute();
    const l = limiter({ categories: { UserPoolUpdate: 2, UserPoolRead: 1, UserCreation: 1 } });
    await l.admitOperation("CreateUserPool", {});
    await l.admitOperation("UpdateUserPool", { UserPoolId: POOL_A });
    await l.admitOperation("CreateUserPool", {});
    await expect(l.admitOperation("CreateUserPool", {})).rejects.toMatchObject(THROTTLED);
    await l.admitOperation("ListUserPools", {});
    await expect(l.admitOperation("ListUserPools", {})).rejects.toMatchObject(THROTTLED);
    await l.admitOperation("SignUp", { ClientId: "clienta" });
    await l.admitOperation("AdminCreateUser", { UserPoolId: POOL_B });
    await expect(l.admitOperation("AdminConfirmSignUp", { UserPoolId: POOL_A })).rejects.toMatchObject(THROTTLED);
  });

  it("a pool's own setting wins over the server's, in either direction", async () => {
    nextMinute();
    const l = limiter(
      { mode: "on", categories: { UserCreation: 1 } },
      { [POOL_A]: { UserCreation: 3 }, [POOL_B]: { UserCreation: "off" } },
    );
    await times(3, () => l.admitOperation("SignUp", { ClientId: "clienta" }));
    await expect(l.admitOperation("SignUp", { ClientId: "clienta" })).rejects.toMatchObject(THROTTLED);
    await times(60, () => l.admitOperation("SignUp", { ClientId: "clientb" }));
    expect(l.limitOf(POOL_A, "UserAuthentication")).toBe(120);
    expect(l.limitOf(POOL_A, "UserAuthentication.challenges")).toBe(360);
  });

  it(
    "AccessToken operations count for the pool of the token's issuer; " + "unknown clients and issuers are not counted",
    async () => {
      nextMinute();
      const l = limiter({ categories: { UserRead: 1, UserCreation: 1 } });
      await l.admitOperation("GetUser", { AccessToken: tokenOf(`https://auth.example.com/${POOL_A}`) });
      await expect(
        l.admitOperation("GetUser", { AccessToken: tokenOf(`http://localhost:9229/${POOL_A}`) }),
      ).rejects.toMatchObject(THROTTLED);
      await l.admitOperation("GetUser", { AccessToken: tokenOf(`https://auth.example.com/${POOL_B}`) });
      for (const token of [
        tokenOf("https://auth.example.com/us-east-1_NoSuchPol"),
        tokenOf("x"),
        "not-a-jwt",
        "a.%%%.b",
      ])
        await l.admitOperation("GetUser", { AccessToken: token });
      await times(3, () => l.admitOperation("SignUp", { ClientId: "nosuchclient" }));
      expect(
        await store.db.selectFrom("request_rates").select("counter").where("counter", "like", "%NoSuch%").execute(),
      ).toEqual([]);
    },
  );

  it(
    "token requests count by grant: " + "code redemption has its own allocation at the UserAuthentication rate",
    async () => {
      nextMinute();
      const l = limiter({ categories: { UserAuthentication: 1, ClientAuthentication: 2 } });
      await l.admitTokenGrant(POOL_A, "authorization_code");
      await expect(l.admitTokenGrant(POOL_A, "authorization_code")).rejects.toMatchObject(THROTTLED);
      await l.admitTokenGrant(POOL_A, "refresh_token");
      await expect(l.admitOperation("InitiateAuth", { ClientId: "clienta" })).rejects.toMatchObject(THROTTLED);
      await times(2, () => l.admitTokenGrant(POOL_A, "client_credentials"));
      await expect(l.admitTokenGrant(POOL_A, "client_credentials")).rejects.toMatchObject(THROTTLED);
      await expect(l.admitEndpoint(POOL_A, "POST /login")).rejects.toMatchObject(THROTTLED);
      await expect(l.admitTokenGrant(POOL_A, "password")).rejects.toThrow(/no request-rate bucket/);
    },
  );

  it("once a counter is over its limit, the rest of its window is refused without a database write", async () => {
    nextMinute();
    const l = limiter({ addresses: { SignUp: 2 }, categories: { UserCreation: 1 } });
    for (let i = 0; i < 10; i++) await l.admitOperationAddress("SignUp", "198.51.100.99").catch(() => undefined);
    for (let i = 0; i < 10; i++) await l.admitOperation("SignUp", { ClientId: "clientb" }).catch(() => undefined);
    const rows = await store.db
      .selectFrom("request_rates")
      .select(["counter", "count"])
      .where("counter", "in", ["a:SignUp:198.51.100.99", `c:${POOL_B}:UserCreation`])
      .orderBy("counter")
      .execute();
    expect(rows).toEqual([
      { counter: "a:SignUp:198.51.100.99", count: 3 },
      { counter: `c:${POOL_B}:UserCreation`, count: 2 },
    ]);
    // The next window counts again.
    clock.advance(1000);
    await l.admitOperation("SignUp", { ClientId: "clientb" });
  });

  it("per-address limits count per endpoint and address (IPv6 by /64) in one-minute windows", async () => {
    nextMinute();
    const l = limiter({ addresses: { SignUp: 2, InitiateAuth: 1 } });
    const limited = { name: "TooManyRequestsException", message: ADDRESS_LIMITED };
    await times(2, () => l.admitOperationAddress("SignUp", "198.51.100.7"));
    await expect(l.admitOperationAddress("SignUp", "198.51.100.7")).rejects.toMatchObject(limited);
    await expect(l.admitOperationAddress("SignUp", "::ffff:198.51.100.7")).rejects.toMatchObject(limited);
    await l.admitOperationAddress("SignUp", "198.51.100.8");
    await l.admitOperationAddress("InitiateAuth", "198.51.100.7");
    await l.admitOperationAddress("ConfirmSignUp", "198.51.100.7");
    await l.admitOperationAddress("GetUser", "198.51.100.7");
    await l.admitAddress("InitiateAuth", "2001:db8:0:1::1");
    await expect(l.admitAddress("InitiateAuth", "2001:db8:0:1::ffff")).rejects.toMatchObject(limited);
    clock.advance(59_999);
    await expect(l.admitOperationAddress("SignUp", "198.51.100.7")).rejects.toMatchObject(limited);
    clock.advance(1);
    await l.admitOperationAddress("SignUp", "198.51.100.7");
  });
});
