/**
 * The verified-token cache of AccessTokenService (ADR 0042) skips only the parse and the RS256 check of a
 * token seen before: every fact that can change while a token lives still decides each call. Each test
 * uses a token first (so it is cached), changes the fact, and expects the very next call to fail.
 */
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID } from "./support/userpool.js";

describe.each(testEngines())("access tokens seen before on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const getUser = (t: string) => up.anon.send(new GetUserCommand({ AccessToken: t }));
  /** A signed-in user whose access token has been used twice (verified, then served from the cache). */
  async function usedToken(): Promise<{ email: string; access: string; refresh: string }> {
    const { email, password } = await confirmedUser(up);
    const s = await passwordSignIn(up, email, password);
    for (let i = 0; i < 2; i++) expect((await getUser(s.AccessToken!)).Username).toBeTruthy();
    return { email, access: s.AccessToken!, refresh: s.RefreshToken! };
  }

  it("GlobalSignOut refuses the token at once", async () => {
    const t = await usedToken();
    await up.anon.send(new GlobalSignOutCommand({ AccessToken: t.access }));
    await expect(getUser(t.access)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
  });

  it("RevokeToken of its session refuses the token at once", async () => {
    const t = await usedToken();
    await up.anon.send(new RevokeTokenCommand({ ClientId: CLIENT_ID, Token: t.refresh }));
    await expect(getUser(t.access)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
  });

  it("a disabled or deleted user is refused at once", async () => {
    const a = await usedToken();
    await up.admin.send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: a.email }));
    await expect(getUser(a.access)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "User is disabled.",
    });
    const b = await usedToken();
    await up.admin.send(new AdminDeleteUserCommand({ UserPoolId: POOL_ID, Username: b.email }));
    await expect(getUser(b.access)).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it("a token with its signature altered is not taken for the cached one", async () => {
    const t = await usedToken();
    const dot = t.access.lastIndexOf(".") + 1;
    const altered = `${t.access.slice(0, dot)}${t.access[dot] === "A" ? "B" : "A"}${t.access.slice(dot + 1)}`;
    await expect(getUser(altered)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
    expect((await getUser(t.access)).Username).toBeTruthy();
  });

  // Last: it moves the server's clock an hour on, past what the admin client's signatures allow.
  it("the token expires at its exp, cached or not", async () => {
    const t = await usedToken();
    clock.advance(3600_000);
    await expect(getUser(t.access)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has expired",
    });
  });
});
