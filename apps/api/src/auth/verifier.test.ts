import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, startTestIssuer, type TestIssuer } from "../../test/support/issuer.js";
import type { AuthError } from "./errors.js";
import { CognitoTokenVerifier, cognitoIssuer, type CognitoVerifierOptions } from "./verifier.js";

describe("CognitoTokenVerifier", () => {
  const clock = new ManualClock();
  let issuer: TestIssuer;
  const make = (options: Partial<CognitoVerifierOptions> = {}) =>
    new CognitoTokenVerifier({
      issuer: issuer.issuer,
      clientIds: [issuer.clientId],
      tokenUse: "any",
      clock,
      ...options,
    });

  beforeAll(async () => {
    issuer = await startTestIssuer({ clock });
  });
  afterAll(() => issuer.close());
  beforeEach(() => {
    issuer.fetches = 0;
  });

  it("maps an ID token to req.user", async () => {
    const token = await issuer.idToken({
      sub: "s-1",
      "cognito:username": "alice",
      email: "alice@example.com",
      "cognito:groups": ["admins"],
      db_user_id: "42",
    });
    expect(await make().verify(token)).toEqual({
      sub: "s-1",
      username: "alice",
      tokenUse: "id",
      clientId: issuer.clientId,
      scopes: [],
      groups: ["admins"],
      email: "alice@example.com",
      dbUserId: 42,
    });
  });

  it("maps an access token to req.user", async () => {
    const token = await issuer.accessToken({
      sub: "s-2",
      username: "bob",
      scope: "openid email aws.cognito.signin.user.admin",
    });
    expect(await make().verify(token)).toEqual({
      sub: "s-2",
      username: "bob",
      tokenUse: "access",
      clientId: issuer.clientId,
      scopes: ["openid", "email", "aws.cognito.signin.user.admin"],
      groups: [],
      email: null,
      dbUserId: null,
    });
  });

  it("hands out a frozen user, so a handler cannot poison the cache", async () => {
    const user = await make().verify(await issuer.idToken());
    expect(Object.isFrozen(user)).toBe(true);
    expect(Object.isFrozen(user.groups)).toBe(true);
  });

  it.each([
    ["a non-numeric db_user_id", "abc"],
    ["a zero db_user_id", "0"],
    ["a negative db_user_id", "-3"],
  ])("ignores %s", async (_label, value) => {
    expect((await make().verify(await issuer.idToken({ db_user_id: value }))).dbUserId).toBeNull();
  });

  it("enforces the token use, per verifier and per call", async () => {
    const id = await issuer.idToken();
    const access = await issuer.accessToken();
    await expect(make({ tokenUse: "access" }).verify(id)).rejects.toMatchObject({
      reason: "wrong_token_use",
      status: 401,
    });
    await expect(make({ tokenUse: "id" }).verify(access)).rejects.toMatchObject({ reason: "wrong_token_use" });
    await expect(make({ tokenUse: "id" }).verify(access, { tokenUse: "access" })).resolves.toMatchObject({
      tokenUse: "access",
    });
  });

  it("checks aud for ID tokens and client_id for access tokens", async () => {
    const v = make();
    await expect(v.verify(await issuer.idToken({ aud: "someoneelse" }))).rejects.toMatchObject({
      reason: "wrong_client",
    });
    await expect(v.verify(await issuer.accessToken({ client_id: "someoneelse" }))).rejects.toMatchObject({
      reason: "wrong_client",
    });
    // An access token's aud, if any, is not what decides: Cognito puts the client in client_id.
    await expect(
      v.verify(await issuer.accessToken({ aud: issuer.clientId, client_id: "someoneelse" })),
    ).rejects.toMatchObject({ reason: "wrong_client" });
  });

  it("requires every listed scope, answering 403 insufficient_scope", async () => {
    const v = make();
    const token = await issuer.accessToken({ scope: "openid users/read" });
    await expect(v.verify(token, { scopes: ["users/read"] })).resolves.toBeDefined();
    const err = await v.verify(token, { scopes: ["users/read", "users/write"] }).catch((e: AuthError) => e);
    expect(err).toMatchObject({
      reason: "insufficient_scope",
      status: 403,
      error: "insufficient_scope",
      requiredScopes: ["users/read", "users/write"],
    });
    // ID tokens carry no scopes, so a scoped route never admits one.
    await expect(v.verify(await issuer.idToken(), { scopes: ["openid"] })).rejects.toMatchObject({
      reason: "insufficient_scope",
    });
  });

  it("accepts exp within the clock tolerance and refuses it beyond, saying expired", async () => {
    const v = make({ clockToleranceSec: 30 });
    const now = Math.floor(clock.now() / 1000);
    await expect(v.verify(await issuer.idToken({ exp: now - 29 }))).resolves.toBeDefined();
    const err = await v.verify(await issuer.idToken({ exp: now - 31 })).catch((e: AuthError) => e);
    expect(err).toMatchObject({ reason: "expired", status: 401 });
    expect((err as AuthError).message).toMatch(/expired/);
  });

  it("refuses a tolerance above 60 s", () => {
    expect(() => make({ clockToleranceSec: 61 })).toThrow(/60/);
  });

  it("serves a repeated token from the cache until exp, then refuses it", async () => {
    const v = make({ clockToleranceSec: 0 });
    const token = await issuer.idToken({ exp: Math.floor(clock.now() / 1000) + 120 });
    const first = await v.verify(token);
    // The cached path returns the very same frozen object: no RSA work was repeated.
    expect(await v.verify(token)).toBe(first);
    clock.advance(120_000);
    await expect(v.verify(token)).rejects.toMatchObject({ reason: "expired" });
  });

  it("verifies a fresh token once when many requests bring it at the same moment", async () => {
    const v = make();
    const token = await issuer.idToken();
    const users = await Promise.all(Array.from({ length: 20 }, () => v.verify(token)));
    expect(new Set(users).size).toBe(1);
  });

  it("does not cache when the cache is off", async () => {
    const v = make({ cacheMaxEntries: 0 });
    const token = await issuer.idToken();
    expect(await v.verify(token)).not.toBe(await v.verify(token));
  });

  it("re-checks policy on cache hits", async () => {
    const v = make({ tokenUse: "id" });
    const token = await issuer.accessToken();
    await v.verify(token, { tokenUse: "access" });
    await expect(v.verify(token)).rejects.toMatchObject({ reason: "wrong_token_use" });
  });

  it("stops honouring cached tokens once their key is retired", async () => {
    const own = await startTestIssuer({ clock });
    try {
      const v = new CognitoTokenVerifier({ issuer: own.issuer, clientIds: [own.clientId], tokenUse: "id", clock });
      await v.hydrate();
      const token = await own.idToken();
      await v.verify(token);
      const newKid = await own.rotate({ retireOld: true });
      clock.advance(10_000);
      await v.verify(await own.idToken({}, { kid: newKid }));
      await expect(v.verify(token)).rejects.toMatchObject({ reason: "unknown_kid" });
    } finally {
      await own.close();
    }
  });

  it("refuses tokens longer than the limit before parsing them", async () => {
    const token = await issuer.idToken({ padding: "x".repeat(9000) });
    await expect(make().verify(token)).rejects.toMatchObject({ reason: "malformed_token" });
    await expect(make({ maxTokenLength: 20_000 }).verify(token)).resolves.toBeDefined();
  });

  it("requires Cognito's claims", async () => {
    const v = make();
    const now = Math.floor(clock.now() / 1000);
    const base = { iss: issuer.issuer, iat: now, exp: now + 60, aud: issuer.clientId };
    await expect(
      v.verify(await issuer.sign({ ...base, token_use: "id", "cognito:username": "x" })),
    ).rejects.toMatchObject({ reason: "invalid_claims" });
    await expect(v.verify(await issuer.sign({ ...base, sub: "s", "cognito:username": "x" }))).rejects.toMatchObject({
      reason: "invalid_claims",
    });
    await expect(
      v.verify(await issuer.sign({ ...base, sub: "s", token_use: "refresh", "cognito:username": "x" })),
    ).rejects.toMatchObject({ reason: "invalid_claims" });
    await expect(v.verify(await issuer.sign({ ...base, sub: "s", token_use: "id" }))).rejects.toMatchObject({
      reason: "invalid_claims",
    });
    const { exp: _exp, ...noExp } = base;
    await expect(
      v.verify(await issuer.sign({ ...noExp, sub: "s", token_use: "id", "cognito:username": "x" })),
    ).rejects.toMatchObject({ reason: "invalid_claims" });
  });

  it("validates its options", () => {
    expect(() => make({ clientIds: [] })).toThrow(/clientIds/);
    expect(() => make({ tokenUse: "refresh" as "id" })).toThrow(/tokenUse/);
    expect(() => make({ issuer: "ftp://x" })).toThrow(/issuer/);
  });

  it("derives real Cognito's issuer", () => {
    expect(cognitoIssuer("eu-west-1", "eu-west-1_AbC")).toBe(
      "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
    );
  });
});
