/**
 * Threat protection through the AWS SDK v3 (ADR 0031): Set/DescribeRiskConfiguration, the user event
 * history (AdminListUserAuthEvents), feedback with and without the mailed FeedbackToken, compromised
 * credentials, the risk score (new device, impossible travel, a burst of failures) and its actions, and
 * AUDIT recording without acting. Server-side sign-ins name the user's address and browser in ContextData.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeRiskConfigurationCommand,
  AdminRespondToAuthChallengeCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
  type SetRiskConfigurationCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { adminAt, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { setUpTotp, totpCode } from "./support/mfa.js";
import { codeIn, GOOD_PASSWORD, latestMessage, uniqueEmail } from "./support/userpool.js";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const BLOCKED = { name: "NotAuthorizedException", message: "Unable to login because of security reasons." };
const HOUR = 3_600_000;

describe.each(testEngines())("threat protection on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  const admin = () => adminAt(up.url, clock);
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });

  async function pool(mode: "OFF" | "AUDIT" | "ENFORCED"): Promise<{ poolId: string; clientId: string }> {
    const p = await admin().send(
      new CreateUserPoolCommand({
        PoolName: `risk-${mode}`,
        UserPoolTier: mode === "OFF" ? "ESSENTIALS" : "PLUS",
        UserPoolAddOns: { AdvancedSecurityMode: mode },
      }),
    );
    const c = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: p.UserPool!.Id!,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    return { poolId: p.UserPool!.Id!, clientId: c.UserPoolClient!.ClientId! };
  }

  async function user(poolId: string, password = GOOD_PASSWORD): Promise<{ username: string; email: string }> {
    const email = uniqueEmail("risk");
    const username = email.split("@")[0]!;
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await admin().send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }),
    );
    return { username, email };
  }

  const signIn = (
    p: { poolId: string; clientId: string },
    username: string,
    password: string,
    ip: string,
    ua: string,
  ) =>
    admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: p.poolId,
        ClientId: p.clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
        ContextData: {
          IpAddress: ip,
          ServerName: "app.example.com",
          ServerPath: "/login",
          HttpHeaders: [{ headerName: "User-Agent", headerValue: ua }],
        },
      }),
    );
  const events = async (poolId: string, username: string) =>
    (await admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username }))).AuthEvents!;
  const setRisk = (input: SetRiskConfigurationCommandInput) => admin().send(new SetRiskConfigurationCommand(input));

  it("needs the Plus plan and threat protection on; stores pool and client configurations", async () => {
    expect(
      await rejection(
        admin().send(
          new CreateUserPoolCommand({ PoolName: "x", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
        ),
      ),
    ).toMatchObject({ name: "FeatureUnavailableInTierException" });
    const off = await pool("OFF");
    expect(await rejection(setRisk({ UserPoolId: off.poolId }))).toMatchObject({
      name: "UserPoolAddOnNotEnabledException",
    });
    const u = await user(off.poolId);
    expect(
      await rejection(
        admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: off.poolId, Username: u.username })),
      ),
    ).toMatchObject({ name: "UserPoolAddOnNotEnabledException" });

    const p = await pool("ENFORCED");
    const describe = (clientId?: string) =>
      admin().send(
        new DescribeRiskConfigurationCommand({ UserPoolId: p.poolId, ...(clientId ? { ClientId: clientId } : {}) }),
      );
    expect((await describe()).RiskConfiguration).toEqual({ UserPoolId: p.poolId });
    const poolLevel = {
      CompromisedCredentialsRiskConfiguration: {
        EventFilter: ["SIGN_IN" as const],
        Actions: { EventAction: "BLOCK" as const },
      },
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: {
          From: "security@example.com",
          SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
          BlockEmail: { Subject: "Blocked", TextBody: "Blocked sign-in for {username}: {one-click-link-valid}" },
        },
        Actions: {
          LowAction: { EventAction: "NO_ACTION" as const, Notify: false },
          HighAction: { EventAction: "BLOCK" as const, Notify: true },
        },
      },
      RiskExceptionConfiguration: { SkippedIPRangeList: ["192.0.2.0/24"], BlockedIPRangeList: ["198.51.100.0/24"] },
    };
    const set = await setRisk({ UserPoolId: p.poolId, ...poolLevel });
    expect(set.RiskConfiguration).toMatchObject({ UserPoolId: p.poolId, ...poolLevel });
    const described = (await describe()).RiskConfiguration!;
    expect(described).toMatchObject({ UserPoolId: p.poolId, ...poolLevel });
    expect(described.LastModifiedDate).toBeInstanceOf(Date);
    expect(described.ClientId).toBeUndefined();

    // A client of its own, then back to inheriting the pool's.
    await setRisk({
      UserPoolId: p.poolId,
      ClientId: p.clientId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } },
    });
    expect((await describe(p.clientId)).RiskConfiguration).toMatchObject({
      UserPoolId: p.poolId,
      ClientId: p.clientId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } },
    });
    await setRisk({ UserPoolId: p.poolId, ClientId: p.clientId });
    expect((await describe(p.clientId)).RiskConfiguration).toEqual({ UserPoolId: p.poolId, ClientId: p.clientId });

    // Refusals name the member.
    expect(
      await rejection(
        setRisk({ UserPoolId: p.poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["10.0.0.0/40"] } }),
      ),
    ).toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("BlockedIPRangeList") });
    expect(
      await rejection(
        setRisk({
          UserPoolId: p.poolId,
          AccountTakeoverRiskConfiguration: { Actions: { LowAction: { EventAction: "BLOCK", Notify: true } } },
        }),
      ),
    ).toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("NotifyConfiguration") });
    expect(await rejection(describe("nosuchclient000000000000001"))).toMatchObject({
      name: "ResourceNotFoundException",
    });

    // The always-block list refuses whatever the score says.
    const v = await user(p.poolId);
    expect(await rejection(signIn(p, v.username, GOOD_PASSWORD, "198.51.100.7", CHROME))).toMatchObject(BLOCKED);
    expect((await events(p.poolId, v.username))[0]).toMatchObject({
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "Block", RiskLevel: "High" },
    });
  });

  it("records sign-ins newest first with address, device, outcome and challenges, a page at a time", async () => {
    const p = await pool("ENFORCED");
    const u = await user(p.poolId);
    const ok = await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
    clock.advance(1000);
    expect(await rejection(signIn(p, u.username, "Wrong-Password-1", "10.1.0.5", CHROME))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    const list = await events(p.poolId, u.username);
    expect(list).toHaveLength(2);
    const [failed, passed] = list;
    expect(failed).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false },
      ChallengeResponses: [{ ChallengeName: "Password", ChallengeResponse: "Failure" }],
      EventContextData: { IpAddress: "10.1.0.5", DeviceName: "Chrome 131, Windows" },
    });
    expect(passed).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false },
      ChallengeResponses: [{ ChallengeName: "Password", ChallengeResponse: "Success" }],
    });
    expect(failed!.CreationDate!.getTime() - passed!.CreationDate!.getTime()).toBe(1000);

    const first = await admin().send(
      new AdminListUserAuthEventsCommand({ UserPoolId: p.poolId, Username: u.username, MaxResults: 1 }),
    );
    expect(first.AuthEvents!.map((e) => e.EventId)).toEqual([failed!.EventId]);
    const second = await admin().send(
      new AdminListUserAuthEventsCommand({
        UserPoolId: p.poolId,
        Username: u.username,
        MaxResults: 1,
        NextToken: first.NextToken!,
      }),
    );
    expect(second.AuthEvents!.map((e) => e.EventId)).toEqual([passed!.EventId]);
    expect(second.NextToken).toBeUndefined();
    // A page token is bound to its user.
    const other = await user(p.poolId);
    expect(
      await rejection(
        admin().send(
          new AdminListUserAuthEventsCommand({
            UserPoolId: p.poolId,
            Username: other.username,
            NextToken: first.NextToken!,
          }),
        ),
      ),
    ).toMatchObject({ name: "InvalidParameterException" });
  });

  it("a new device is Low risk and BLOCK takes effect; mailed-token feedback makes the device known", async () => {
    const p = await pool("ENFORCED");
    await setRisk({
      UserPoolId: p.poolId,
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: {
          SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
          BlockEmail: {
            Subject: "We blocked a sign-in",
            TextBody: "Blocked {username} from {ip-address} on {device-name}. Was it you? {one-click-link-valid}",
          },
        },
        Actions: {
          LowAction: { EventAction: "BLOCK", Notify: true },
          MediumAction: { EventAction: "BLOCK", Notify: false },
          HighAction: { EventAction: "BLOCK", Notify: false },
        },
      },
    });
    const u = await user(p.poolId);
    // The first sign-in has no history to differ from.
    await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    clock.advance(2 * HOUR);
    expect(await rejection(signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", FIREFOX))).toMatchObject(BLOCKED);
    const [blocked] = await events(p.poolId, u.username);
    expect(blocked).toMatchObject({
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "Block", RiskLevel: "Low" },
      EventContextData: { IpAddress: "10.1.0.5", DeviceName: "Firefox 133, Linux" },
    });
    // Notify: the pool's template, with Cognito's placeholders and a one-click link carrying the token.
    const mail = await latestMessage(up.url, u.email);
    expect(mail.subject).toBe("We blocked a sign-in");
    expect(mail.text).toContain(`Blocked ${u.username} from 10.1.0.5 on Firefox 133, Linux.`);
    const link = new URL(/https?:\/\/\S+/u.exec(mail.text)![0]);
    expect(link.searchParams.get("event_id")).toBe(blocked!.EventId);
    const token = link.searchParams.get("feedback_token")!;

    const feedback = (t: string, eventId = blocked!.EventId!) =>
      up.anon.send(
        new UpdateAuthEventFeedbackCommand({
          UserPoolId: p.poolId,
          Username: u.username,
          EventId: eventId,
          FeedbackToken: t,
          FeedbackValue: "Valid",
        }),
      );
    expect(await rejection(feedback(`${token.slice(0, -2)}xx`))).toMatchObject({ name: "NotAuthorizedException" });
    const [, firstEvent] = await events(p.poolId, u.username);
    expect(await rejection(feedback(token, firstEvent!.EventId!))).toMatchObject({ name: "NotAuthorizedException" });
    await feedback(token);
    const [withFeedback] = await events(p.poolId, u.username);
    expect(withFeedback!.EventFeedback).toMatchObject({ FeedbackValue: "Valid", Provider: "User" });
    expect(withFeedback!.EventFeedback!.FeedbackDate).toBeInstanceOf(Date);

    // The device is known now: the same sign-in passes. (Events of one millisecond have no order, so time moves.)
    clock.advance(1000);
    expect((await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", FIREFOX)).AuthenticationResult).toBeDefined();
    expect((await events(p.poolId, u.username))[0]).toMatchObject({
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "NoRisk" },
    });

    // Impossible travel: another network within the hour, on top of a new device, is High.
    clock.advance(60_000);
    expect(await rejection(signIn(p, u.username, GOOD_PASSWORD, "172.20.0.9", CHROME))).toMatchObject(BLOCKED);
    const [travel] = await events(p.poolId, u.username);
    expect(travel!.EventRisk).toMatchObject({ RiskDecision: "Block", RiskLevel: "High" });
    // The e-mail's one-click link answers too (Invalid here, from the user).
    const invalidLink = new URL(link);
    invalidLink.searchParams.set("feedback_value", "invalid");
    expect((await fetch(invalidLink)).status).toBe(200);
    expect(
      (await events(p.poolId, u.username)).find((e) => e.EventId === blocked!.EventId)!.EventFeedback,
    ).toMatchObject({
      FeedbackValue: "Invalid",
      Provider: "User",
    });
    invalidLink.searchParams.set("feedback_token", `${token.slice(0, -2)}xx`);
    expect((await fetch(invalidLink)).status).toBe(400);
    // An administrator's Invalid feedback is recorded as the administrator's.
    await admin().send(
      new AdminUpdateAuthEventFeedbackCommand({
        UserPoolId: p.poolId,
        Username: u.username,
        EventId: travel!.EventId!,
        FeedbackValue: "Invalid",
      }),
    );
    expect((await events(p.poolId, u.username))[0]!.EventFeedback).toMatchObject({
      FeedbackValue: "Invalid",
      Provider: "Admin",
    });
    expect(
      await rejection(
        admin().send(
          new AdminUpdateAuthEventFeedbackCommand({
            UserPoolId: p.poolId,
            Username: u.username,
            EventId: "00000000-0000-0000-0000-000000000000",
            FeedbackValue: "Valid",
          }),
        ),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("a burst of failures is Medium risk; MFA_REQUIRED without a factor blocks", async () => {
    const p = await pool("ENFORCED");
    await setRisk({
      UserPoolId: p.poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: "NO_ACTION", Notify: false },
          MediumAction: { EventAction: "MFA_REQUIRED", Notify: false },
          HighAction: { EventAction: "BLOCK", Notify: false },
        },
      },
    });
    const u = await user(p.poolId);
    await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    clock.advance(HOUR);
    for (let i = 0; i < 5; i++) {
      await rejection(signIn(p, u.username, `Wrong-Password-${i}`, "10.1.0.5", CHROME));
      clock.advance(1000);
    }
    clock.advance(2000);
    expect(await rejection(signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME))).toMatchObject(BLOCKED);
    const list = await events(p.poolId, u.username);
    expect(list.filter((e) => e.EventResponse === "Fail" && e.EventRisk?.RiskDecision === "NoRisk")).toHaveLength(5);
    expect(list[0]).toMatchObject({ EventResponse: "Fail", EventRisk: { RiskDecision: "Block", RiskLevel: "Medium" } });
  });

  it("compromised credentials: refused at sign-up, BLOCK resets at sign-in, NO_ACTION records", async () => {
    const p = await pool("ENFORCED");
    await setRisk({
      UserPoolId: p.poolId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } },
    });
    expect(
      await rejection(
        up.anon.send(new SignUpCommand({ ClientId: p.clientId, Username: "leaky", Password: "Password123!" })),
      ),
    ).toMatchObject({
      name: "InvalidPasswordException",
      message: "Provided password cannot be used for security reasons.",
    });

    const u = await user(p.poolId, "Password123!");
    expect(await rejection(signIn(p, u.username, "Password123!", "10.1.0.5", CHROME))).toMatchObject({
      name: "PasswordResetRequiredException",
    });
    const got = await admin().send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: u.username }));
    expect(got.UserStatus).toBe("RESET_REQUIRED");
    expect((await events(p.poolId, u.username))[0]).toMatchObject({
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "Block", CompromisedCredentialsDetected: true },
    });
    // The reset: ForgotPassword is recorded, and the breach list refuses the same password again.
    clock.advance(1000);
    await up.anon.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: u.username }));
    const code = codeIn((await latestMessage(up.url, u.email)).text);
    const confirm = (password: string) =>
      up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: p.clientId,
          Username: u.username,
          ConfirmationCode: code,
          Password: password,
        }),
      );
    expect(await rejection(confirm("Password123!"))).toMatchObject({
      name: "InvalidPasswordException",
      message: "Provided password cannot be used for security reasons.",
    });
    clock.advance(1000);
    await confirm(GOOD_PASSWORD);
    const [changed, forgot] = await events(p.poolId, u.username);
    expect(forgot).toMatchObject({ EventType: "ForgotPassword", EventResponse: "Pass" });
    expect(changed).toMatchObject({
      EventType: "PasswordChange",
      EventResponse: "Pass",
      EventRisk: { CompromisedCredentialsDetected: false },
    });
    expect((await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME)).AuthenticationResult).toBeDefined();

    // NO_ACTION: the sign-in goes on, the detection is recorded. A password off the list is not flagged.
    await setRisk({
      UserPoolId: p.poolId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } },
    });
    const w = await user(p.poolId, "Password123!");
    expect((await signIn(p, w.username, "Password123!", "10.1.0.5", CHROME)).AuthenticationResult).toBeDefined();
    expect((await events(p.poolId, w.username))[0]!.EventRisk).toMatchObject({ CompromisedCredentialsDetected: true });
    const s = await user(p.poolId);
    await signIn(p, s.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    expect((await events(p.poolId, s.username))[0]!.EventRisk).toMatchObject({ CompromisedCredentialsDetected: false });
  });

  it("MFA_IF_CONFIGURED asks a registered authenticator app, and lets a user without one through", async () => {
    const p = await pool("ENFORCED");
    await admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: p.poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await setRisk({
      UserPoolId: p.poolId,
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com" },
        Actions: { LowAction: { EventAction: "MFA_IF_CONFIGURED", Notify: true } },
      },
    });
    const u = await user(p.poolId);
    const w = await user(p.poolId);
    const first = await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    await signIn(p, w.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    // An authenticator app registered but never turned on: the pool's OPTIONAL MFA does not ask for it.
    const secret = await setUpTotp(up.anon, first.AuthenticationResult!.AccessToken!, clock);
    clock.advance(2 * HOUR);
    expect((await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME)).AuthenticationResult).toBeDefined();

    clock.advance(60_000);
    const challenged = await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", FIREFOX);
    expect(challenged.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    expect((await events(p.poolId, u.username))[0]).toMatchObject({
      EventResponse: "InProgress",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "Low" },
    });
    expect((await latestMessage(up.url, u.email)).text).toContain("A second factor was asked for.");
    const done = await admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: p.poolId,
        ClientId: p.clientId,
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        Session: challenged.Session!,
        ChallengeResponses: { USERNAME: u.username, SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await events(p.poolId, u.username))[0]).toMatchObject({
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "Low" },
      ChallengeResponses: [
        { ChallengeName: "Password", ChallengeResponse: "Success" },
        { ChallengeName: "Mfa", ChallengeResponse: "Success" },
      ],
    });

    // No factor to ask: the sign-in goes on, with the NoAction notice.
    expect((await signIn(p, w.username, GOOD_PASSWORD, "10.1.0.5", FIREFOX)).AuthenticationResult).toBeDefined();
    expect((await events(p.poolId, w.username))[0]).toMatchObject({
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "Low" },
      ChallengeResponses: [{ ChallengeName: "Password", ChallengeResponse: "Success" }],
    });
    expect((await latestMessage(up.url, w.email)).subject).toBe("New sign-in activity");
  });

  const CONTEXT = (ip: string) => ({
    IpAddress: ip,
    ServerName: "app.example.com",
    ServerPath: "/login",
    HttpHeaders: [{ headerName: "User-Agent", headerValue: CHROME }],
  });

  it("a USER_AUTH EMAIL_OTP sign-in is a SignIn event with its address and device, and no password", async () => {
    const created = await admin().send(
      new CreateUserPoolCommand({
        PoolName: "risk-otp",
        UserPoolTier: "PLUS",
        UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        },
      }),
    );
    const poolId = created.UserPool!.Id!;
    const c = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH"],
      }),
    );
    const clientId = c.UserPoolClient!.ClientId!;
    const u = await user(poolId);
    const started = await admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: u.username, PREFERRED_CHALLENGE: "EMAIL_OTP" },
        ContextData: CONTEXT("10.3.0.9"),
      }),
    );
    expect(started.ChallengeName).toBe("EMAIL_OTP");
    const code = codeIn((await latestMessage(up.url, u.email)).text);
    const done = await admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "EMAIL_OTP",
        Session: started.Session!,
        ChallengeResponses: { USERNAME: u.username, EMAIL_OTP_CODE: code },
        ContextData: CONTEXT("10.3.0.9"),
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    const list = await events(poolId, u.username);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false },
      ChallengeResponses: [],
      EventContextData: { IpAddress: "10.3.0.9", DeviceName: expect.stringContaining("Chrome") },
    });
  });

  it("a wrong MFA code fails the sign-in event with Mfa Failure; the right one then passes it", async () => {
    const p = await pool("ENFORCED");
    await admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: p.poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const u = await user(p.poolId);
    const first = await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    const secret = await setUpTotp(up.anon, first.AuthenticationResult!.AccessToken!, clock, { prefer: true });
    clock.advance(60_000);
    const challenged = await signIn(p, u.username, GOOD_PASSWORD, "10.1.0.5", CHROME);
    expect(challenged.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const right = totpCode(secret, clock);
    const answer = (code: string) =>
      admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: p.poolId,
          ClientId: p.clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: challenged.Session!,
          ChallengeResponses: { USERNAME: u.username, SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      );
    expect(await rejection(answer(right === "000000" ? "111111" : "000000"))).toMatchObject({
      name: "CodeMismatchException",
    });
    const password = { ChallengeName: "Password", ChallengeResponse: "Success" };
    const failure = { ChallengeName: "Mfa", ChallengeResponse: "Failure" };
    expect((await events(p.poolId, u.username))[0]).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Fail",
      ChallengeResponses: [password, failure],
    });
    expect((await answer(right)).AuthenticationResult?.AccessToken).toBeTruthy();
    const list = await events(p.poolId, u.username);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      EventResponse: "Pass",
      ChallengeResponses: [password, failure, { ChallengeName: "Mfa", ChallengeResponse: "Success" }],
    });
  });

  it("ResendConfirmationCode is a ResendCode event", async () => {
    const created = await admin().send(
      new CreateUserPoolCommand({
        PoolName: "risk-resend",
        UserPoolTier: "PLUS",
        UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" },
        AutoVerifiedAttributes: ["email"],
      }),
    );
    const poolId = created.UserPool!.Id!;
    const c = await admin().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }));
    const clientId = c.UserPoolClient!.ClientId!;
    const email = uniqueEmail("resend");
    const username = email.split("@")[0]!;
    await up.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: GOOD_PASSWORD,
        UserAttributes: [{ Name: "email", Value: email }],
      }),
    );
    clock.advance(1000);
    const resent = await up.anon.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }));
    expect(resent.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    const [resend, signUp] = await events(poolId, username);
    expect(resend).toMatchObject({ EventType: "ResendCode", EventResponse: "Pass", ChallengeResponses: [] });
    expect(signUp).toMatchObject({ EventType: "SignUp", EventResponse: "Pass" });
  });

  it("AUDIT records the risk and the detection but acts on neither", async () => {
    const p = await pool("AUDIT");
    await setRisk({
      UserPoolId: p.poolId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } },
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com" },
        Actions: {
          LowAction: { EventAction: "BLOCK", Notify: true },
          MediumAction: { EventAction: "BLOCK", Notify: true },
          HighAction: { EventAction: "BLOCK", Notify: true },
        },
      },
    });
    const u = await user(p.poolId, "Password123!");
    await signIn(p, u.username, "Password123!", "10.1.0.5", CHROME);
    clock.advance(2 * HOUR);
    expect((await signIn(p, u.username, "Password123!", "10.1.0.5", FIREFOX)).AuthenticationResult).toBeDefined();
    expect((await events(p.poolId, u.username))[0]).toMatchObject({
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "Low", CompromisedCredentialsDetected: true },
    });
    // No notification either: the mailbox has nothing for the user.
    expect(await rejection(latestMessage(up.url, u.email))).toMatchObject({ message: `no message for ${u.email}` });
  });
});
