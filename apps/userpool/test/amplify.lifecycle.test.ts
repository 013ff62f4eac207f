/**
 * aws-amplify v6, unmodified, through the account lifecycle: resetPassword / confirmResetPassword,
 * updatePassword, updateUserAttributes / confirmUserAttribute (and sendUserAttributeVerificationCode),
 * signOut() (which calls RevokeToken because our access tokens carry origin_jti), signOut({ global:
 * true }) (after which the old access token fails GetUser with NotAuthorizedException), deleteUser.
 * Amplify keeps global state, so it has this file to itself; it is reconfigured per engine.
 */
import { AdminGetUserCommand, GetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import {
  confirmResetPassword,
  confirmUserAttribute,
  deleteUser,
  fetchAuthSession,
  fetchUserAttributes,
  resetPassword,
  sendUserAttributeVerificationCode,
  signIn,
  signOut,
  updatePassword,
  updateUserAttributes,
} from "aws-amplify/auth";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { confirmedUser, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID, latestCode, uniqueEmail } from "./support/userpool.js";

describe.each(testEngines())("aws-amplify v6 account lifecycle on $name", (engine) => {
  let up: EngineUserpool;
  const ops: string[] = [];
  let email: string;
  let password: string;
  beforeAll(async () => {
    up = await startOn(engine, {
      logLevel: "info",
      logDestination: { write: (s: string) => void ops.push(String((JSON.parse(s) as { op?: string }).op ?? "")) },
    });
    Amplify.configure({
      Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, userPoolEndpoint: up.url } },
    });
    ({ email, password } = await confirmedUser(up));
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await up?.stop();
  });
  const opsSince = (n: number) => ops.slice(n).filter(Boolean);
  const session = async () => (await fetchAuthSession()).tokens!;

  it("resetPassword sends a code; confirmResetPassword sets the new password", async () => {
    const r = await resetPassword({ username: email });
    expect(r.isPasswordReset).toBe(false);
    expect(r.nextStep).toMatchObject({
      resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", attributeName: "email" },
    });
    const next = "Reset-by-Amplify1!";
    await confirmResetPassword({
      username: email,
      confirmationCode: await latestCode(up.url, email),
      newPassword: next,
    });
    await expect(signIn({ username: email, password })).rejects.toMatchObject({ name: "NotAuthorizedException" });
    password = next;
    expect(await signIn({ username: email, password })).toMatchObject({ isSignedIn: true });
  });

  it("updatePassword changes it with the old one", async () => {
    await expect(
      updatePassword({ oldPassword: "Not-The-Passw0rd!", newPassword: "Whatever-Passw0rd1!" }),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const next = "Updated-by-Amplify1!";
    const n = ops.length;
    await updatePassword({ oldPassword: password, newPassword: next });
    expect(opsSince(n)).toContain("ChangePassword");
    password = next;
    await signOut();
    expect(await signIn({ username: email, password })).toMatchObject({ isSignedIn: true });
  });

  it(
    "updateUserAttributes applies a name at once and asks for a code for a new e-mail; " +
      "confirmUserAttribute verifies it",
    async () => {
      const newEmail = uniqueEmail("amplify-moved");
      const out = await updateUserAttributes({ userAttributes: { given_name: "Ada", email: newEmail } });
      expect(out.given_name).toMatchObject({ isUpdated: true, nextStep: { updateAttributeStep: "DONE" } });
      expect(out.email).toMatchObject({
        isUpdated: false,
        nextStep: {
          updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE",
          codeDeliveryDetails: { deliveryMedium: "EMAIL" },
        },
      });
      expect(await fetchUserAttributes()).toMatchObject({
        given_name: "Ada",
        email: newEmail,
        email_verified: "false",
      });
      // A fresh code on request; the newest one confirms.
      await sendUserAttributeVerificationCode({ userAttributeKey: "email" });
      await confirmUserAttribute({ userAttributeKey: "email", confirmationCode: await latestCode(up.url, newEmail) });
      expect(await fetchUserAttributes()).toMatchObject({ email: newEmail, email_verified: "true" });
      email = newEmail;
    },
  );

  it("signOut() revokes the refresh token through RevokeToken (the access token carries origin_jti)", async () => {
    const tokens = await session();
    expect(tokens.accessToken.payload.origin_jti).toBeTruthy();
    const row = await up.store.db
      .selectFrom("refresh_tokens")
      .select(["token_hash", "revoked_at"])
      .where("origin_jti", "=", String(tokens.accessToken.payload.origin_jti))
      .where("parent_hash", "is", null)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
    const n = ops.length;
    await signOut();
    expect(opsSince(n)).toEqual(["RevokeToken"]);
    const after = await up.store.db
      .selectFrom("refresh_tokens")
      .select("revoked_at")
      .where("token_hash", "=", row.token_hash)
      .executeTakeFirstOrThrow();
    expect(after.revoked_at).not.toBeNull();
    await expect(
      up.anon.send(new GetUserCommand({ AccessToken: tokens.accessToken.toString() })),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
  });

  it(
    "signOut({ global: true }): the old access token then fails GetUser with NotAuthorizedException, " +
      "and refresh tokens die",
    async () => {
      await signIn({ username: email, password });
      const tokens = await session();
      const origin = String(tokens.accessToken.payload.origin_jti);
      const n = ops.length;
      await signOut({ global: true });
      expect(opsSince(n)).toEqual(["GlobalSignOut"]);
      await expect(
        up.anon.send(new GetUserCommand({ AccessToken: tokens.accessToken.toString() })),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
      const live = await sql<{
        n: number | string;
      }>`select count(*) as n from refresh_tokens where origin_jti = ${origin} and revoked_at is null`.execute(
        up.store.db,
      );
      expect(Number(live.rows[0]!.n)).toBe(0);
      // Signing in again right away works.
      expect(await signIn({ username: email, password })).toMatchObject({ isSignedIn: true });
      expect((await fetchUserAttributes()).email).toBe(email);
    },
  );

  it("deleteUser removes the account and signs out", async () => {
    const tokens = await session();
    const sub = String(tokens.accessToken.payload.sub);
    await deleteUser();
    await expect(up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: sub }))).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    expect((await fetchAuthSession()).tokens).toBeUndefined();
    const hashes = await up.store.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("user_id", "=", sub)
      .execute();
    expect(hashes).toEqual([]);
    await expect(
      up.anon.send(new GetUserCommand({ AccessToken: tokens.accessToken.toString() })),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });
  });
});
