/**
 * Phone numbers and text messages through the AWS SDK v3, codes read from the development SMS
 * outbox (GET /_dev/sms?to=): SignUp with phone verification, ConfirmSignUp, phone_number as username
 * and as alias, UpdateUserAttributes / GetUserAttributeVerificationCode / VerifyUserAttribute on
 * phone_number, AdminCreateUser invitations by SMS then sign-in with the texted temporary password,
 * ForgotPassword by SMS then ConfirmForgotPassword; and the /_dev/sms page.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserpoolFileConfig } from "../src/config/fileSchema.js";
import { testEngines } from "./support/engines.js";
import {
  codeIn,
  devTexts,
  GOOD_PASSWORD,
  latestText as latestDevText,
  newPhone,
  POOL_ID,
  startTestUserpoolOn,
  testConfig,
  type EngineUserpool,
} from "./support/userpool.js";

const PHONE_POOL = "us-east-1_PhonePoo1";
const PHONE_CLIENT = "testphoneclient00000000001";
const ALIAS_POOL = "us-east-1_PhAliasP1";
const ALIAS_CLIENT = "testphonealiasclient000001";
const FLOWS = [
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
] as const;

function smsConfig(): UserpoolFileConfig {
  const base = testConfig();
  return {
    UserPools: [
      ...base.UserPools,
      {
        Id: PHONE_POOL,
        PoolName: "phone-pool",
        UsernameAttributes: ["phone_number"],
        AutoVerifiedAttributes: ["phone_number"],
        SmsVerificationMessage: "Phone code {####}",
        AdminCreateUserConfig: {
          InviteMessageTemplate: { SMSMessage: "Welcome {username}, temporary password {####}" },
        },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_phone_number", Priority: 1 }] },
        Clients: [{ ClientId: PHONE_CLIENT, ClientName: "phone", ExplicitAuthFlows: [...FLOWS] }],
      },
      {
        Id: ALIAS_POOL,
        PoolName: "phone-alias-pool",
        AliasAttributes: ["phone_number"],
        AutoVerifiedAttributes: ["phone_number"],
        Clients: [{ ClientId: ALIAS_CLIENT, ClientName: "alias", ExplicitAuthFlows: [...FLOWS] }],
      },
    ],
  } as UserpoolFileConfig;
}

describe.each(testEngines())("text messages through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { config: smsConfig() });
  });
  afterAll(async () => {
    await up?.stop();
  });

  const texts = (to: string) => devTexts(up.url, to);
  const latestText = (to: string) => latestDevText(up.url, to);
  const attrsOf = (list: { Name?: string | undefined; Value?: string | undefined }[] | undefined) =>
    Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

  async function signedUpPhoneUser(): Promise<{ phone: string; password: string }> {
    const phone = newPhone();
    const r = await up.anon.send(
      new SignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, Password: GOOD_PASSWORD }),
    );
    expect(r.UserConfirmed).toBe(false);
    const code = codeIn(await latestText(phone));
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, ConfirmationCode: code }));
    return { phone, password: GOOD_PASSWORD };
  }
  const passwordAuth = (clientId: string, username: string, password: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );

  it("SignUp texts the code to an auto-verified phone; ConfirmSignUp verifies it; the number signs in", async () => {
    const phone = newPhone();
    const r = await up.anon.send(
      new SignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, Password: GOOD_PASSWORD }),
    );
    expect(r.CodeDeliveryDetails).toEqual({
      Destination: `+*******${phone.slice(-4)}`,
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    });
    const [sms] = await texts(phone);
    expect(sms).toMatchObject({ to: phone, text: expect.stringMatching(/^Phone code \d{6}$/) });
    expect(new Date(sms!.createdAt).toISOString()).toBe(sms!.createdAt);
    await expect(
      up.anon.send(new ConfirmSignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, ConfirmationCode: "000000" })),
    ).rejects.toMatchObject({ name: "CodeMismatchException" });
    await up.anon.send(
      new ConfirmSignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, ConfirmationCode: codeIn(sms!.text) }),
    );
    const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: PHONE_POOL, Username: phone }));
    expect(u.UserStatus).toBe("CONFIRMED");
    expect(attrsOf(u.UserAttributes)).toMatchObject({ phone_number: phone, phone_number_verified: "true" });
    const auth = await passwordAuth(PHONE_CLIENT, phone, GOOD_PASSWORD);
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("phone_number as an alias: it signs in once verified by the texted code", async () => {
    const phone = newPhone();
    const username = `carol${phone.slice(-7)}${engine.name}`;
    const r = await up.anon.send(
      new SignUpCommand({
        ClientId: ALIAS_CLIENT,
        Username: username,
        Password: GOOD_PASSWORD,
        UserAttributes: [{ Name: "phone_number", Value: phone }],
      }),
    );
    expect(r.CodeDeliveryDetails?.DeliveryMedium).toBe("SMS");
    // Not an alias before it is verified.
    await expect(passwordAuth(ALIAS_CLIENT, phone, GOOD_PASSWORD)).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    await up.anon.send(
      new ConfirmSignUpCommand({
        ClientId: ALIAS_CLIENT,
        Username: username,
        ConfirmationCode: codeIn(await latestText(phone)),
      }),
    );
    const auth = await passwordAuth(ALIAS_CLIENT, phone, GOOD_PASSWORD);
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("UpdateUserAttributes texts a code to a new number; Get…VerificationCode and VerifyUserAttribute", async () => {
    const { phone, password } = await signedUpPhoneUser();
    const token = (await passwordAuth(PHONE_CLIENT, phone, password)).AuthenticationResult!.AccessToken!;
    const next = newPhone();
    const upd = await up.anon.send(
      new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "phone_number", Value: next }] }),
    );
    expect(upd.CodeDeliveryDetailsList).toEqual([
      { Destination: `+*******${next.slice(-4)}`, DeliveryMedium: "SMS", AttributeName: "phone_number" },
    ]);
    const firstCode = codeIn(await latestText(next));
    let user = attrsOf((await up.anon.send(new GetUserCommand({ AccessToken: token }))).UserAttributes);
    expect(user).toMatchObject({ phone_number: next, phone_number_verified: "false" });

    const again = await up.anon.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "phone_number" }),
    );
    expect(again.CodeDeliveryDetails).toEqual({
      Destination: `+*******${next.slice(-4)}`,
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    });
    const code = codeIn(await latestText(next));
    expect((await texts(next)).length).toBe(2);
    await expect(
      up.anon.send(
        new VerifyUserAttributeCommand({
          AccessToken: token,
          AttributeName: "phone_number",
          Code: code === "111111" ? "222222" : "111111",
        }),
      ),
    ).rejects.toMatchObject({ name: "CodeMismatchException" });
    // The newer code replaced the first one.
    if (firstCode !== code)
      await expect(
        up.anon.send(
          new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "phone_number", Code: firstCode }),
        ),
      ).rejects.toMatchObject({ name: "CodeMismatchException" });
    await up.anon.send(
      new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "phone_number", Code: code }),
    );
    user = attrsOf((await up.anon.send(new GetUserCommand({ AccessToken: token }))).UserAttributes);
    expect(user).toMatchObject({ phone_number: next, phone_number_verified: "true" });
  });

  it("AdminCreateUser with DesiredDeliveryMediums SMS texts the invitation; its password signs in", async () => {
    const phone = newPhone();
    const created = await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: PHONE_POOL, Username: phone, DesiredDeliveryMediums: ["SMS"] }),
    );
    expect(created.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const text = await latestText(phone);
    const m = /^Welcome (\S+), temporary password (\S+)$/.exec(text);
    expect(m?.[1]).toBe(phone);
    const temporary = m![2]!;
    const started = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: PHONE_POOL,
        ClientId: PHONE_CLIENT,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: phone, PASSWORD: temporary },
      }),
    );
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    const done = await up.admin.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: PHONE_POOL,
        ClientId: PHONE_CLIENT,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: started.Session!,
        ChallengeResponses: { USERNAME: phone, NEW_PASSWORD: "Brand-New-Pass1!" },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("AdminCreateUser refuses an SMS invitation for a user without a phone number, creating nobody", async () => {
    const email = `nophone-${engine.name}-${Date.now()}@example.com`;
    await expect(
      up.admin.send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, DesiredDeliveryMediums: ["SMS"] }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/phone_number/) });
    await expect(
      up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email })),
    ).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
  });

  it("ForgotPassword texts the code to the verified phone; ConfirmForgotPassword sets the new password", async () => {
    const { phone } = await signedUpPhoneUser();
    const r = await up.anon.send(new ForgotPasswordCommand({ ClientId: PHONE_CLIENT, Username: phone }));
    expect(r.CodeDeliveryDetails).toEqual({
      Destination: `+*******${phone.slice(-4)}`,
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    });
    const next = "Reset-By-Text1!";
    await up.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: PHONE_CLIENT,
        Username: phone,
        ConfirmationCode: codeIn(await latestText(phone)),
        Password: next,
      }),
    );
    await expect(passwordAuth(PHONE_CLIENT, phone, GOOD_PASSWORD)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    expect((await passwordAuth(PHONE_CLIENT, phone, next)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("/_dev/sms: JSON newest first (an unencoded + reads as +), and a page listing the texts", async () => {
    const { phone } = await signedUpPhoneUser();
    await up.anon.send(new ForgotPasswordCommand({ ClientId: PHONE_CLIENT, Username: phone }));
    const raw = await fetch(`${up.url}/_dev/sms?to=${phone}`);
    const list = (await raw.json()) as { to: string; text: string; createdAt: string }[];
    expect(list.map((t) => t.to)).toEqual([phone, phone]);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "text", "to"]);
    expect(list[0]!.createdAt >= list[1]!.createdAt).toBe(true);
    expect(list[0]!.text).toBe((await texts(phone))[0]!.text);

    const page = await fetch(`${up.url}/_dev/sms`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const body = await page.text();
    expect(body).toContain("Development SMS outbox");
    expect(body).toContain(phone);
    expect(body).toContain("forgot-password");
    const all = (await (
      await fetch(`${up.url}/_dev/sms`, { headers: { accept: "application/json" } })
    ).json()) as unknown[];
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
});
