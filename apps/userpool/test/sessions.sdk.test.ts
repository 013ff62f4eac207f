/**
 * The user-session operations through the AWS SDK v3: ListUserSessions, AdminListUserSessions,
 * RevokeUserSession and AdminRevokeUserSession over the refresh-token families (one per sign-in).
 */
import {
  AdminListUserSessionsCommand,
  AdminRevokeUserSessionCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserSessionsCommand,
  RevokeUserSessionCommand,
  type SessionDescriptionType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID, ROTATING_CLIENT_ID } from "./support/userpool.js";

describe.each(testEngines())("user sessions on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const listOwn = (accessToken: string, nextToken?: string) =>
    up.anon.send(
      new ListUserSessionsCommand({ AccessToken: accessToken, ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
  const adminList = (username: string) =>
    up.admin.send(new AdminListUserSessionsCommand({ UserPoolId: POOL_ID, Username: username }));
  const refresh = (t: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: t },
      }),
    );
  const getUser = (t: string) => up.anon.send(new GetUserCommand({ AccessToken: t }));
  const ids = (s: SessionDescriptionType[] | undefined) => (s ?? []).map((x) => x.SessionId).sort();

  it("lists one TOKEN session per sign-in; revoking one ends exactly that one", async () => {
    const u = await confirmedUser(up);
    const a = await passwordSignIn(up, u.email, u.password);
    clock.advance(1000);
    const b = await passwordSignIn(up, u.email, u.password, ROTATING_CLIENT_ID);

    const own = await listOwn(a.AccessToken!);
    expect(own.NextToken).toBeUndefined();
    expect(own.Sessions).toHaveLength(2);
    // Newest sign-in first.
    const [sb, sa] = own.Sessions!;
    expect(sa).toMatchObject({ SessionType: "TOKEN", ClientId: CLIENT_ID, IsCurrentSession: true });
    expect(sb).toMatchObject({ SessionType: "TOKEN", ClientId: ROTATING_CLIENT_ID, IsCurrentSession: false });
    for (const s of own.Sessions!) {
      expect(s.SessionId).toMatch(/^tkn[0-9a-z]{25}$/u);
      expect(s.CreateDate).toBeInstanceOf(Date);
      expect(s.LastActiveDate!.getTime()).toBeGreaterThanOrEqual(s.CreateDate!.getTime());
    }
    expect(sb!.CreateDate!.getTime() - sa!.CreateDate!.getTime()).toBe(1000);
    // The same sessions for the administrator, none of them current.
    const admin = await adminList(u.username);
    expect(ids(admin.Sessions)).toEqual(ids(own.Sessions));
    expect(admin.Sessions!.every((s) => s.IsCurrentSession === false)).toBe(true);

    await up.anon.send(new RevokeUserSessionCommand({ AccessToken: a.AccessToken!, SessionId: sb!.SessionId! }));
    const refused = await rejection(
      up.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: b.RefreshToken! }),
      ),
    );
    expect(refused).toMatchObject({ name: "NotAuthorizedException", message: "Refresh Token has been revoked" });
    expect(await rejection(getUser(b.AccessToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
    // The other session still refreshes and works.
    expect((await refresh(a.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await getUser(a.AccessToken!)).Username).toBeTruthy();
    expect(ids((await listOwn(a.AccessToken!)).Sessions)).toEqual([sa!.SessionId]);
    // Revoked already: it is no longer one of the user's sessions.
    expect(
      await rejection(
        up.anon.send(new RevokeUserSessionCommand({ AccessToken: a.AccessToken!, SessionId: sb!.SessionId! })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("a rotation keeps the session and moves LastActiveDate; AdminRevokeUserSession ends its successor", async () => {
    const u = await confirmedUser(up);
    const first = await passwordSignIn(up, u.email, u.password, ROTATING_CLIENT_ID);
    const [before] = (await adminList(u.username)).Sessions!;
    clock.advance(5000);
    const rotated = await up.anon.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: first.RefreshToken! }),
    );
    const after = (await adminList(u.username)).Sessions!;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ SessionId: before!.SessionId, CreateDate: before!.CreateDate });
    expect(after[0]!.LastActiveDate!.getTime() - before!.LastActiveDate!.getTime()).toBe(5000);

    await up.admin.send(
      new AdminRevokeUserSessionCommand({ UserPoolId: POOL_ID, Username: u.username, SessionId: before!.SessionId! }),
    );
    expect(
      await rejection(
        up.anon.send(
          new GetTokensFromRefreshTokenCommand({
            ClientId: ROTATING_CLIENT_ID,
            RefreshToken: rotated.AuthenticationResult!.RefreshToken!,
          }),
        ),
      ),
    ).toMatchObject({ name: "NotAuthorizedException", message: "Refresh Token has been revoked" });
    expect((await adminList(u.username)).Sessions).toEqual([]);
  });

  it("another user's session is not found, for the user and for the administrator", async () => {
    const alice = await confirmedUser(up);
    const bob = await confirmedUser(up);
    const a = await passwordSignIn(up, alice.email, alice.password);
    const b = await passwordSignIn(up, bob.email, bob.password);
    const [bobs] = (await listOwn(b.AccessToken!)).Sessions!;

    expect(
      await rejection(
        up.anon.send(new RevokeUserSessionCommand({ AccessToken: a.AccessToken!, SessionId: bobs!.SessionId! })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await rejection(
        up.admin.send(
          new AdminRevokeUserSessionCommand({
            UserPoolId: POOL_ID,
            Username: alice.username,
            SessionId: bobs!.SessionId!,
          }),
        ),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    // Bob's session is untouched.
    expect((await refresh(b.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(ids((await adminList(bob.username)).Sessions)).toEqual([bobs!.SessionId]);
  });

  it("refuses the caller's own session, LINKED, malformed IDs and NextTokens, and unknown users", async () => {
    const u = await confirmedUser(up);
    const a = await passwordSignIn(up, u.email, u.password);
    const [mine] = (await listOwn(a.AccessToken!)).Sessions!;
    const revoke = (input: Partial<{ SessionId: string; RevokeAssociatedSessions: "NONE" | "LINKED" }>) =>
      rejection(
        up.anon.send(
          new RevokeUserSessionCommand({ AccessToken: a.AccessToken!, SessionId: mine!.SessionId!, ...input }),
        ),
      );
    expect(await revoke({})).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("current session"),
    });
    expect(await revoke({ RevokeAssociatedSessions: "LINKED" })).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("RevokeAssociatedSessions LINKED"),
    });
    expect(await revoke({ SessionId: "not-a-session" })).toMatchObject({ name: "InvalidParameterException" });
    expect(await rejection(listOwn(a.AccessToken!, "bm90LWEtdG9rZW4"))).toMatchObject({
      name: "InvalidParameterException",
      message: "Invalid NextToken.",
    });
    expect(await rejection(adminList("nobody-here"))).toMatchObject({ name: "UserNotFoundException" });
    expect(await rejection(listOwn("not.a.token"))).toMatchObject({ name: "NotAuthorizedException" });
    // Nothing was revoked by the refused calls.
    expect((await getUser(a.AccessToken!)).Username).toBeTruthy();
  });

  it("pages at 125 sessions with NextToken", async () => {
    const u = await confirmedUser(up);
    const signIns = [];
    for (let i = 0; i < 126; i++) signIns.push(await passwordSignIn(up, u.email, u.password));
    const first = await adminList(u.username);
    expect(first.Sessions).toHaveLength(125);
    expect(first.NextToken).toBeTruthy();
    const second = await up.admin.send(
      new AdminListUserSessionsCommand({ UserPoolId: POOL_ID, Username: u.username, NextToken: first.NextToken! }),
    );
    expect(second.Sessions).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(new Set([...ids(first.Sessions), ...ids(second.Sessions)]).size).toBe(126);
    // The user's own listing pages the same way.
    const own = await listOwn(signIns[0]!.AccessToken!);
    const ownNext = await listOwn(signIns[0]!.AccessToken!, own.NextToken!);
    expect([...(own.Sessions ?? []), ...(ownNext.Sessions ?? [])].filter((s) => s.IsCurrentSession)).toHaveLength(1);
  });
});
