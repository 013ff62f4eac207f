/**
 * Passwordless sign-up and sign-in after sign-up through the AWS SDK v3 (ADR 0027): SignUp without a
 * password where the pool and client allow it (refused otherwise), the Sessions of SignUp and ConfirmSignUp,
 * InitiateAuth / AdminInitiateAuth USER_AUTH with ConfirmSignUp's Session (once, for that user and client,
 * within AuthSessionValidity), and what a user without a password can and cannot do.
 */
import {
  AdminInitiateAuthCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type SignInPolicyType,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { TEST_SMS_CONFIGURATION } from "./support/fakes.js";
import { adminAt, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { createClientEphemeral, passwordVerifierResponses, srpAHex } from "./support/srpClient.js";
import { GOOD_PASSWORD, latestCode, uniqueEmail } from "./support/userpool.js";

const USER_AUTH_FLOWS: ExplicitAuthFlowsType[] = [
  "ALLOW_USER_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
];

/** A pool with e-mail as username, verified automatically, and the given first factors; its clients. */
async function createPool(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  o: { factors?: SignInPolicyType["AllowedFirstAuthFactors"]; autoVerify?: boolean } = {},
): Promise<{ poolId: string; client: (flows?: ExplicitAuthFlowsType[]) => Promise<string> }> {
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({
      PoolName: "passwordless-sign-up",
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: o.autoVerify === false ? [] : ["email"],
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: o.factors ?? ["PASSWORD", "EMAIL_OTP", "SMS_OTP"] } },
      EmailConfiguration: {
        EmailSendingAccount: "DEVELOPER",
        SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
      },
      SmsConfiguration: TEST_SMS_CONFIGURATION,
    }),
  );
  const poolId = UserPool!.Id!;
  return {
    poolId,
    client: async (flows = USER_AUTH_FLOWS) =>
      (
        await admin.send(
          new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", ExplicitAuthFlows: flows }),
        )
      ).UserPoolClient!.ClientId!,
  };
}

describe.each(testEngines())("passwordless sign-up and sign-in after sign-up on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  let poolId: string;
  let clientId: string;
  let otherClientId: string;
  const admin = () => adminAt(up.url, clock);

  beforeAll(async () => {
    clock.set(Date.now());
    up = await startOn(engine, { clock });
    const p = await createPool(admin());
    poolId = p.poolId;
    clientId = await p.client();
    otherClientId = await p.client();
  });
  afterAll(async () => {
    await up?.stop();
  });
  beforeEach(() => {
    clock.set(Date.now());
  });

  const signUp = (email: string, password?: string, client = clientId) =>
    up.anon.send(
      new SignUpCommand({
        ClientId: client,
        Username: email,
        ...(password !== undefined ? { Password: password } : {}),
      }),
    );
  const confirm = async (email: string, session?: string, client = clientId) =>
    up.anon.send(
      new ConfirmSignUpCommand({
        ClientId: client,
        Username: email,
        ConfirmationCode: await latestCode(up.url, email),
        ...(session ? { Session: session } : {}),
      }),
    );
  const userAuth = (username: string, session?: string, params: Record<string, string> = {}, client = clientId) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_AUTH",
        ClientId: client,
        AuthParameters: { USERNAME: username, ...params },
        ...(session ? { Session: session } : {}),
      }),
    );
  /** SignUp without a password and ConfirmSignUp with SignUp's Session; ConfirmSignUp's Session. */
  async function passwordlessUser(prefix = "pwless"): Promise<{ email: string; sub: string; session: string }> {
    const email = uniqueEmail(prefix);
    const s = await signUp(email);
    const c = await confirm(email, s.Session);
    return { email, sub: s.UserSub!, session: c.Session! };
  }

  it("SignUp without a password returns a Session; ConfirmSignUp's Session signs in once with USER_AUTH", async () => {
    const email = uniqueEmail("pwless");
    const s = await signUp(email);
    expect(s.UserConfirmed).toBe(false);
    expect(s.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    expect(s.Session).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const c = await confirm(email, s.Session);
    expect(c.Session).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(c.Session).not.toBe(s.Session);

    const r = await userAuth(email, c.Session);
    expect(r.ChallengeName).toBeUndefined();
    expect(decodeJwt(r.AuthenticationResult!.AccessToken!).sub).toBe(s.UserSub);
    expect(decodeJwt(r.AuthenticationResult!.IdToken!).email_verified).toBe(true);
    expect(r.AuthenticationResult!.RefreshToken).toBeTruthy();

    const replay = await rejection(userAuth(email, c.Session));
    expect([replay.name, replay.message]).toEqual([
      "NotAuthorizedException",
      "Invalid session for the user, session is expired.",
    ]);
  });

  it("a blank Password is a passwordless sign-up too; ConfirmSignUp without SignUp's Session still returns one", async () => {
    const email = uniqueEmail("blank");
    const s = await signUp(email, "");
    expect(s.UserConfirmed).toBe(false);
    const c = await confirm(email);
    expect(c.Session).toBeTruthy();
    const r = await userAuth(email, c.Session, { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("AdminInitiateAuth USER_AUTH takes ConfirmSignUp's Session too", async () => {
    const { email, sub, session } = await passwordlessUser();
    const r = await admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: email },
        Session: session,
      }),
    );
    expect(decodeJwt(r.AuthenticationResult!.AccessToken!).sub).toBe(sub);
  });

  it("a user who signed up with a password signs in with ConfirmSignUp's Session as well", async () => {
    const email = uniqueEmail("withpw");
    const s = await signUp(email, GOOD_PASSWORD);
    expect(s.Session).toBeTruthy();
    const c = await confirm(email, s.Session);
    const r = await userAuth(email, c.Session);
    expect(decodeJwt(r.AuthenticationResult!.AccessToken!).sub).toBe(s.UserSub);
  });

  it("the Session is refused for another user, at another client, with another flow, or with a password factor", async () => {
    const a = await passwordlessUser("a");
    const b = await passwordlessUser("b");
    const other = await rejection(userAuth(b.email, a.session));
    expect([other.name, other.message]).toEqual(["NotAuthorizedException", "Invalid session for the user."]);
    const otherClient = await rejection(userAuth(a.email, a.session, {}, otherClientId));
    expect(otherClient.name).toBe("NotAuthorizedException");
    const flow = await rejection(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: a.email, PASSWORD: GOOD_PASSWORD },
          Session: a.session,
        }),
      ),
    );
    expect([flow.name, flow.message]).toEqual([
      "InvalidParameterException",
      "Session is only accepted with AuthFlow USER_AUTH.",
    ]);
    const factor = await rejection(userAuth(a.email, a.session, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: "x" }));
    expect(factor.name).toBe("InvalidParameterException");
    expect(factor.message).toContain("PREFERRED_CHALLENGE PASSWORD");
    // None of the refusals used the Session up: its own user still signs in with it, once.
    expect((await userAuth(a.email, a.session)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await rejection(userAuth(a.email, a.session))).name).toBe("NotAuthorizedException");
    // A made-up Session is refused alike.
    const madeUp = await rejection(userAuth(a.email, "A".repeat(64)));
    expect(madeUp.name).toBe("NotAuthorizedException");
  });

  it("the Session expires after the client's AuthSessionValidity (3 minutes)", async () => {
    const late = await passwordlessUser("late");
    clock.advance(3 * 60_000 + 1000);
    const e = await rejection(userAuth(late.email, late.session));
    expect([e.name, e.message]).toEqual([
      "NotAuthorizedException",
      "Invalid session for the user, session is expired.",
    ]);
    clock.set(Date.now());
    const inTime = await passwordlessUser("intime");
    clock.advance(3 * 60_000 - 1000);
    expect((await userAuth(inTime.email, inTime.session)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("ConfirmSignUp refuses another user's SignUp Session before the code, which then still works", async () => {
    const a = uniqueEmail("sa");
    const b = uniqueEmail("sb");
    const sa = await signUp(a);
    await signUp(b);
    const e = await rejection(confirm(b, sa.Session));
    expect(e.name).toBe("NotAuthorizedException");
    const atOtherClient = await rejection(confirm(a, sa.Session, otherClientId));
    expect(atOtherClient.name).toBe("NotAuthorizedException");
    expect((await confirm(b)).Session).toBeTruthy();
    // SignUp's Session is no sign-in Session.
    const asSignIn = await rejection(userAuth(a, sa.Session));
    expect(asSignIn.name).toBe("NotAuthorizedException");
  });

  it("a passwordless user is offered no password factor, and the password flows fail as for a wrong password", async () => {
    const { email } = await passwordlessUser("nopw");
    const sel = await userAuth(email);
    expect(sel.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(sel.AvailableChallenges).toEqual(["EMAIL_OTP"]);
    // A preferred password factor the user cannot use falls back to the choice (ADR 0023).
    const pref = await userAuth(email, undefined, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD });
    expect(pref.ChallengeName).toBe("SELECT_CHALLENGE");
    const pw = await rejection(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      ),
    );
    expect([pw.name, pw.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
    // SRP: a challenge like any other (simulated), whose answer fails like a wrong password.
    const ephemeral = createClientEphemeral({ aBytes: 32 });
    const srp = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: email, SRP_A: srpAHex(ephemeral) },
      }),
    );
    expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
    const answer = await rejection(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ...(srp.Session ? { Session: srp.Session } : {}),
          ChallengeResponses: passwordVerifierResponses({
            poolName: poolId.split("_")[1]!,
            password: GOOD_PASSWORD,
            ephemeral,
            challengeParameters: srp.ChallengeParameters!,
          }),
        }),
      ),
    );
    expect([answer.name, answer.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
  });

  it("ChangePassword without PreviousPassword gives a passwordless user its first password, once", async () => {
    const { email, session } = await passwordlessUser("change");
    const tokens = (await userAuth(email, session)).AuthenticationResult!;
    await up.anon.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken!, ProposedPassword: GOOD_PASSWORD }));
    expect((await userAuth(email)).AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
    const signedIn = await userAuth(email, undefined, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD });
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    // Now the user has a password: PreviousPassword is required again.
    const again = await rejection(
      up.anon.send(
        new ChangePasswordCommand({
          AccessToken: signedIn.AuthenticationResult!.AccessToken!,
          ProposedPassword: "An0ther-Horse!",
        }),
      ),
    );
    expect([again.name, again.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
  });

  it("ChangePassword of a passwordless user with a PreviousPassword fails like a wrong one", async () => {
    const { email, session } = await passwordlessUser("changewrong");
    const tokens = (await userAuth(email, session)).AuthenticationResult!;
    const e = await rejection(
      up.anon.send(
        new ChangePasswordCommand({
          AccessToken: tokens.AccessToken!,
          PreviousPassword: GOOD_PASSWORD,
          ProposedPassword: GOOD_PASSWORD,
        }),
      ),
    );
    expect([e.name, e.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
  });

  it("ForgotPassword lets a passwordless user set a password with the mailed code", async () => {
    const { email } = await passwordlessUser("forgot");
    const f = await up.anon.send(new ForgotPasswordCommand({ ClientId: clientId, Username: email }));
    expect(f.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    await up.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: email,
        ConfirmationCode: await latestCode(up.url, email),
        Password: GOOD_PASSWORD,
      }),
    );
    const r = await userAuth(email, undefined, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD });
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("SignUp without a password is refused where the pool or client does not allow it", async () => {
    const noCodes = await createPool(admin(), { factors: ["PASSWORD"] });
    const e1 = await rejection(signUp(uniqueEmail("r1"), undefined, await noCodes.client()));
    expect(e1.name).toBe("InvalidParameterException");
    expect(e1.message).toContain("Password is required");
    expect(e1.message).toContain("sign-in policy");

    const noUserAuth = await rejection(
      signUp(uniqueEmail("r2"), undefined, await createPool(admin()).then((p) => p.client(["ALLOW_USER_SRP_AUTH"]))),
    );
    expect([noUserAuth.name, noUserAuth.message]).toEqual([
      "InvalidParameterException",
      "Password is required: the app client does not allow ALLOW_USER_AUTH.",
    ]);

    const unverified = await createPool(admin(), { autoVerify: false });
    const e3 = await rejection(signUp(uniqueEmail("r3"), undefined, await unverified.client()));
    expect(e3.name).toBe("InvalidParameterException");
    expect(e3.message).toContain("verifies automatically");

    // Only SMS codes allowed, and the pool verifies the e-mail: confirming could not prove a phone number.
    const smsOnly = await createPool(admin(), { factors: ["PASSWORD", "SMS_OTP"] });
    const e4 = await rejection(signUp(uniqueEmail("r4"), undefined, await smsOnly.client()));
    expect(e4.name).toBe("InvalidParameterException");
    // Nothing was created: the name is free for a sign-up with a password.
    const email = uniqueEmail("r5");
    await rejection(signUp(email, undefined, await noCodes.client()));
    expect((await signUp(email, GOOD_PASSWORD, await noCodes.client())).UserSub).toBeTruthy();
  });

  it("a client without ALLOW_USER_AUTH gets no Session from SignUp or ConfirmSignUp", async () => {
    const srpClient = await createPool(admin()).then(async (p) => p.client(["ALLOW_USER_SRP_AUTH"]));
    const email = uniqueEmail("nosession");
    const s = await signUp(email, GOOD_PASSWORD, srpClient);
    expect(s.Session).toBeUndefined();
    const c = await confirm(email, undefined, srpClient);
    expect(c.Session).toBeUndefined();
  });
});
