/**
 * Sign-out and revocation through the AWS SDK v3: RevokeToken (one session, by origin_jti, rotated
 * successors included), GlobalSignOut / AdminUserGlobalSignOut (every session), AdminDisableUser,
 * AdminDeleteUser, and the access-token checks every user operation makes.
 */
import {
  AdminDeleteUserCommand,
  CreateUserPoolClientCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { computeSecretHash } from "../src/services/secretHash.js";
import { testEngines } from "./support/engines.js";
import { srpSignIn } from "./support/signIn.js";
import { confirmedUser, passwordSignIn, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, CLIENT_SECRET, POOL_ID, ROTATING_CLIENT_ID, SECRET_CLIENT_ID } from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

describe.each(testEngines())("sign-out and revocation on $name", (engine) => {
  let up: EngineUserpool;
  // Starts at real time (admin calls are signed with it) and only moves where a test says so.
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const getUser = (t: string) => up.anon.send(new GetUserCommand({ AccessToken: t }));
  const refresh = (clientId: string, t: string) =>
    up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: t }));

  it(
    "RevokeToken ends one session (refresh token and its access tokens) " +
      "and leaves the user's other sessions alone",
    async () => {
      const { email, password } = await confirmedUser(up);
      const a = await passwordSignIn(up, email, password);
      const b = await srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password }).then(
        (r) => r.AuthenticationResult!,
      );
      const aRefreshed = (await refresh(CLIENT_ID, a.RefreshToken!)).AuthenticationResult!;
      expect(decodeJwt(aRefreshed.AccessToken!).origin_jti).toBe(decodeJwt(a.AccessToken!).origin_jti);

      await up.anon.send(new RevokeTokenCommand({ ClientId: CLIENT_ID, Token: a.RefreshToken! }));
      await expect(refresh(CLIENT_ID, a.RefreshToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Refresh Token has been revoked",
      });
      for (const t of [a.AccessToken!, aRefreshed.AccessToken!])
        await expect(getUser(t)).rejects.toMatchObject({
          name: "NotAuthorizedException",
          message: "Access Token has been revoked",
        });
      await expect(up.anon.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }))).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });

      expect((await getUser(b.AccessToken!)).Username).toBeTruthy();
      expect((await refresh(CLIENT_ID, b.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
      // Revoking again, or revoking garbage, is not an error (RFC 7009).
      await up.anon.send(new RevokeTokenCommand({ ClientId: CLIENT_ID, Token: a.RefreshToken! }));
      await up.anon.send(new RevokeTokenCommand({ ClientId: CLIENT_ID, Token: "bm90LWEtdG9rZW4" }));
    },
  );

  it("RevokeToken with rotation on kills the rotated successors too", async () => {
    const { email, password } = await confirmedUser(up);
    const first = await passwordSignIn(up, email, password, ROTATING_CLIENT_ID);
    const second = (await refresh(ROTATING_CLIENT_ID, first.RefreshToken!)).AuthenticationResult!;
    const third = (await refresh(ROTATING_CLIENT_ID, second.RefreshToken!)).AuthenticationResult!;
    // Revoking the original (already rotated) token still ends the session it started.
    await up.anon.send(new RevokeTokenCommand({ ClientId: ROTATING_CLIENT_ID, Token: first.RefreshToken! }));
    await expect(refresh(ROTATING_CLIENT_ID, third.RefreshToken!)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await expect(getUser(third.AccessToken!)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
  });

  it(
    "RevokeToken refuses access tokens, other clients' tokens, " +
      "a missing client secret, and clients with revocation off",
    async () => {
      const { email, password } = await confirmedUser(up);
      const t = await passwordSignIn(up, email, password);
      await expect(
        up.anon.send(new RevokeTokenCommand({ ClientId: CLIENT_ID, Token: t.AccessToken! })),
      ).rejects.toMatchObject({ name: "UnsupportedTokenTypeException" });
      await expect(
        up.anon.send(new RevokeTokenCommand({ ClientId: ROTATING_CLIENT_ID, Token: t.RefreshToken! })),
      ).rejects.toMatchObject({ name: "UnauthorizedException" });
      await expect(
        up.anon.send(new RevokeTokenCommand({ ClientId: "nosuchclient00000000000000", Token: t.RefreshToken! })),
      ).rejects.toMatchObject({ name: "UnauthorizedException" });
      await expect(
        up.anon.send(new RevokeTokenCommand({ ClientId: SECRET_CLIENT_ID, Token: t.RefreshToken! })),
      ).rejects.toMatchObject({ name: "UnauthorizedException" });
      expect((await refresh(CLIENT_ID, t.RefreshToken!)).AuthenticationResult).toBeTruthy();

      // A confidential client revokes with its secret.
      const s = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: SECRET_CLIENT_ID,
          AuthParameters: {
            USERNAME: email,
            PASSWORD: password,
            SECRET_HASH: computeSecretHash(CLIENT_SECRET, email, SECRET_CLIENT_ID),
          },
        }),
      );
      await expect(
        up.anon.send(
          new RevokeTokenCommand({
            ClientId: SECRET_CLIENT_ID,
            ClientSecret: "wrongsecret0000000000000000",
            Token: s.AuthenticationResult!.RefreshToken!,
          }),
        ),
      ).rejects.toMatchObject({
        name: "UnauthorizedException",
      });
      await up.anon.send(
        new RevokeTokenCommand({
          ClientId: SECRET_CLIENT_ID,
          ClientSecret: CLIENT_SECRET,
          Token: s.AuthenticationResult!.RefreshToken!,
        }),
      );
      await expect(getUser(s.AuthenticationResult!.AccessToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });

      const off = await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: POOL_ID,
          ClientName: "no-revocation",
          EnableTokenRevocation: false,
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      );
      const offId = off.UserPoolClient!.ClientId!;
      const o = await passwordSignIn(up, email, password, offId);
      await expect(
        up.anon.send(new RevokeTokenCommand({ ClientId: offId, Token: o.RefreshToken! })),
      ).rejects.toMatchObject({ name: "UnsupportedOperationException" });
      await up.admin.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: POOL_ID,
          ClientId: offId,
          EnableTokenRevocation: true,
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      );
      await up.anon.send(new RevokeTokenCommand({ ClientId: offId, Token: o.RefreshToken! }));
    },
  );

  it(
    "GlobalSignOut ends every session: refresh tokens die and the old access tokens fail GetUser; " +
      "a new sign-in works",
    async () => {
      const { email, password } = await confirmedUser(up);
      const sessions = [
        await passwordSignIn(up, email, password),
        await passwordSignIn(up, email, password, ROTATING_CLIENT_ID),
      ];
      await up.anon.send(new GlobalSignOutCommand({ AccessToken: sessions[0]!.AccessToken! }));
      for (const s of sessions) {
        await expect(getUser(s.AccessToken!)).rejects.toMatchObject({
          name: "NotAuthorizedException",
          message: "Access Token has been revoked",
        });
      }
      await expect(refresh(CLIENT_ID, sessions[0]!.RefreshToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Refresh Token has been revoked",
      });
      await expect(refresh(ROTATING_CLIENT_ID, sessions[1]!.RefreshToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "REFRESH_TOKEN_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { REFRESH_TOKEN: sessions[0]!.RefreshToken! },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
      // Signing in again, even in the same second, gives a working session.
      const fresh = await passwordSignIn(up, email, password);
      expect((await getUser(fresh.AccessToken!)).Username).toBeTruthy();
      expect((await refresh(CLIENT_ID, fresh.RefreshToken!)).AuthenticationResult).toBeTruthy();
    },
  );

  it("AdminUserGlobalSignOut does the same for an administrator", async () => {
    const { email, password } = await confirmedUser(up);
    const s = await passwordSignIn(up, email, password);
    await up.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL_ID, Username: email }));
    await expect(getUser(s.AccessToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(refresh(CLIENT_ID, s.RefreshToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(
      up.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL_ID, Username: "nobody@example.com" })),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it(
    "AdminDisableUser ends sign-in and refresh, and revokes the access tokens for good: " +
      "enabling again does not revive them",
    async () => {
      const { email, password } = await confirmedUser(up);
      const s = await passwordSignIn(up, email, password);
      await up.admin.send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: email }));
      await expect(getUser(s.AccessToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "User is disabled.",
      });
      await expect(refresh(CLIENT_ID, s.RefreshToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "User is disabled.",
      });
      await expect(passwordSignIn(up, email, password)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "User is disabled.",
      });
      await expect(
        up.admin.send(
          new AdminInitiateAuthCommand({
            UserPoolId: POOL_ID,
            ClientId: CLIENT_ID,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
      await up.admin.send(new AdminEnableUserCommand({ UserPoolId: POOL_ID, Username: email }));
      // (The revocation covers the whole second of the disable: `iat` has one-second resolution.)
      clock.advance(1000);
      // Only access tokens are revoked (API reference, AdminDisableUser): the refresh token works again.
      await expect(getUser(s.AccessToken!)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Access Token has been revoked",
      });
      const refreshed = (await refresh(CLIENT_ID, s.RefreshToken!)).AuthenticationResult!;
      expect((await getUser(refreshed.AccessToken!)).Username).toBeTruthy();
      expect((await passwordSignIn(up, email, password)).AccessToken).toBeTruthy();
    },
  );

  it("AdminDeleteUser: the user's tokens stop working", async () => {
    const { email, password } = await confirmedUser(up);
    const s = await passwordSignIn(up, email, password);
    await up.admin.send(new AdminDeleteUserCommand({ UserPoolId: POOL_ID, Username: email }));
    await expect(getUser(s.AccessToken!)).rejects.toMatchObject({ name: "UserNotFoundException" });
    await expect(refresh(CLIENT_ID, s.RefreshToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });

  it("malformed, forged and foreign access tokens get Cognito's errors, never a 500", async () => {
    const { email, password } = await confirmedUser(up);
    const s = await passwordSignIn(up, email, password);
    const [h, p] = s.AccessToken!.split(".");
    const forged =
      `${h}.` +
      Buffer.from(
        JSON.stringify({ ...decodeJwt(s.AccessToken!), sub: "00000000-0000-4000-8000-000000000000" }),
      ).toString("base64url") +
      `.${s.AccessToken!.split(".")[2]}`;
    for (const token of ["abc", `${h}.${p}.`, forged, `${h}.${p}.${"A".repeat(342)}`]) {
      const r = await callRaw(up.url, "GlobalSignOut", { AccessToken: token });
      expect(r.status).toBe(400);
      expect(r.body.__type).toBe("NotAuthorizedException");
    }
    expect((await getUser(s.AccessToken!)).Username).toBeTruthy();
  });
});
