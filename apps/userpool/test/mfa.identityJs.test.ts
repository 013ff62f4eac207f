/**
 * MFA with amazon-cognito-identity-js, unmodified: associateSoftwareToken and verifySoftwareToken with
 * a signed-in user, setUserMfaPreference; authenticateUser's totpRequired → sendMFACode(code, cb,
 * "SOFTWARE_TOKEN_MFA"), mfaRequired (SMS_MFA, the code read from the development SMS outbox) →
 * sendMFACode, selectMFAType → sendMFASelectionAnswer, and mfaSetup → associateSoftwareToken /
 * verifySoftwareToken with the challenge's Session; mfaSetup with e-mail, which identity-js has no
 * method for, answered through its own request client. TOTP codes are computed at the server's clock,
 * which the tests move so that each code is of an unused step.
 */
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  CognitoUserSession,
} from "amazon-cognito-identity-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { MemoryStorage } from "./support/identityJs.js";
import { testEngines } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import { createMfaPool, mfaUser, totpCode } from "./support/mfa.js";
import {
  codeIn,
  GOOD_PASSWORD,
  latestCode,
  latestText as latestDevText,
  newPhone,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

/** Which authenticateUser callbacks ran, in order, with their challenge names. */
type Step = string;

describe.each(testEngines())("MFA with amazon-cognito-identity-js on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  const pools: Record<"OPTIONAL" | "ON", { poolId: string; pool: CognitoUserPool }> = {} as never;
  const storage = new MemoryStorage();

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock });
    const admin = adminAt(up.url, clock);
    for (const mode of ["OPTIONAL", "ON"] as const) {
      const { UserPool } = await admin.send(
        new CreateUserPoolCommand({
          PoolName: `identity-js-mfa-${mode}`,
          UsernameAttributes: ["email"],
          SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sms" },
        }),
      );
      const poolId = UserPool!.Id!;
      await admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: mode,
          SoftwareTokenMfaConfiguration: { Enabled: true },
          SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}" },
        }),
      );
      const client = await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      );
      pools[mode] = {
        poolId,
        pool: new CognitoUserPool({
          UserPoolId: poolId,
          ClientId: client.UserPoolClient!.ClientId!,
          endpoint: up.url,
          Storage: storage,
        }),
      };
    }
  });
  afterAll(async () => {
    await up?.stop();
  });

  /** A confirmed user with a verified e-mail address and, optionally, an (unverified) phone number. */
  async function newUser(mode: "OPTIONAL" | "ON", phone?: string): Promise<string> {
    const phoneAttribute = phone ? [{ Name: "phone_number", Value: phone }] : [];
    return mfaUser(adminAt(up.url, clock), pools[mode].poolId, "ijs-mfa", phoneAttribute);
  }

  const latestText = (to: string) => latestDevText(up.url, to);

  /**
   * authenticateUser, answering each challenge the way an app does: `answer` decides, per callback,
   * what to do; `steps` records the callbacks in order.
   */
  function signIn(
    mode: "OPTIONAL" | "ON",
    email: string,
    answer: (user: CognitoUser, step: Step, params: Record<string, string>, callbacks: object) => void,
  ): Promise<{ user: CognitoUser; session: CognitoUserSession; steps: Step[] }> {
    const user = new CognitoUser({ Username: email, Pool: pools[mode].pool, Storage: storage });
    const steps: Step[] = [];
    return new Promise((resolve, reject) => {
      const on =
        (name: string) =>
        (challengeName: string, params: Record<string, string>): void => {
          steps.push(`${name}:${challengeName}`);
          try {
            answer(user, `${name}:${challengeName}`, params ?? {}, callbacks);
          } catch (err) {
            reject(err);
          }
        };
      const callbacks = {
        onSuccess: (session: CognitoUserSession) => resolve({ user, session, steps }),
        onFailure: reject,
        totpRequired: on("totpRequired"),
        mfaRequired: on("mfaRequired"),
        selectMFAType: on("selectMFAType"),
        mfaSetup: on("mfaSetup"),
        newPasswordRequired: () => reject(new Error("unexpected NEW_PASSWORD_REQUIRED")),
      };
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: GOOD_PASSWORD }), callbacks);
    });
  }
  const noChallenge = (_u: CognitoUser, step: Step) => {
    throw new Error(`unexpected ${step}`);
  };
  /** A code of the next step, which no earlier call can have used. */
  const nextTotp = (secret: string) => {
    clock.advance(30_000);
    return totpCode(secret, clock);
  };
  const node = <T>(fn: (cb: (err: Error | undefined, r?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => fn((err, r) => (err ? reject(err) : resolve(r))));

  /** associateSoftwareToken + verifySoftwareToken with a signed-in user; returns the secret. */
  async function setUpApp(user: CognitoUser): Promise<string> {
    const secret = await new Promise<string>((resolve, reject) =>
      user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await new Promise((resolve, reject) =>
      user.verifySoftwareToken(nextTotp(secret), "phone app", { onSuccess: resolve, onFailure: reject }),
    );
    return secret;
  }

  it("associateSoftwareToken, verifySoftwareToken, setUserMfaPreference; then totpRequired → sendMFACode", async () => {
    const email = await newUser("OPTIONAL");
    const { user } = await signIn("OPTIONAL", email, noChallenge);
    const secret = await setUpApp(user);
    // Verified but not on yet: sign-in still needs no code.
    await signIn("OPTIONAL", email, noChallenge);
    expect(await node<string>((cb) => user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb))).toBe(
      "SUCCESS",
    );
    const admin = adminAt(up.url, clock);
    const got = await admin.send(new AdminGetUserCommand({ UserPoolId: pools.OPTIONAL.poolId, Username: email }));
    expect(got.UserMFASettingList).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(got.PreferredMfaSetting).toBe("SOFTWARE_TOKEN_MFA");

    // A wrong code first (onFailure with CodeMismatchException), then a fresh sign-in with the right one.
    const wrong = await signIn("OPTIONAL", email, (u, _step, _p, cb) => {
      const right = nextTotp(secret);
      u.sendMFACode(right === "000000" ? "111111" : "000000", cb as never, "SOFTWARE_TOKEN_MFA");
    }).catch((err: { code?: string }) => err);
    expect(wrong).toMatchObject({ code: "CodeMismatchException" });

    const r = await signIn("OPTIONAL", email, (u, step, _p, cb) => {
      expect(step).toBe("totpRequired:SOFTWARE_TOKEN_MFA");
      u.sendMFACode(nextTotp(secret), cb as never, "SOFTWARE_TOKEN_MFA");
    });
    expect(r.steps).toEqual(["totpRequired:SOFTWARE_TOKEN_MFA"]);
    expect(r.session.isValid()).toBe(true);
  });

  it("mfaRequired (SMS_MFA) → sendMFACode with the texted code; selectMFAType → sendMFASelectionAnswer", async () => {
    const phone = newPhone();
    const email = await newUser("OPTIONAL", phone);
    const { user } = await signIn("OPTIONAL", email, noChallenge);
    const secret = await setUpApp(user);
    await node((cb) => user.setUserMfaPreference({ Enabled: true, PreferredMfa: true }, null, cb));

    const sms = await signIn("OPTIONAL", email, (u, step, params, cb) => {
      expect(step).toBe("mfaRequired:SMS_MFA");
      expect(params.CODE_DELIVERY_DELIVERY_MEDIUM).toBe("SMS");
      expect(params.CODE_DELIVERY_DESTINATION).toBe(`+*******${phone.slice(-4)}`);
      void latestText(phone).then((text) => u.sendMFACode(codeIn(text), cb as never));
    });
    expect(sms.steps).toEqual(["mfaRequired:SMS_MFA"]);

    // Both on, neither preferred: the user chooses.
    await node((cb) =>
      user.setUserMfaPreference({ Enabled: true, PreferredMfa: false }, { Enabled: true, PreferredMfa: false }, cb),
    );
    const chosenApp = await signIn("OPTIONAL", email, (u, step, params, cb) => {
      if (step === "selectMFAType:SELECT_MFA_TYPE") {
        expect(JSON.parse(params.MFAS_CAN_CHOOSE!).sort()).toEqual(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
        u.sendMFASelectionAnswer("SOFTWARE_TOKEN_MFA", cb as never);
      } else {
        expect(step).toBe("totpRequired:SOFTWARE_TOKEN_MFA");
        u.sendMFACode(nextTotp(secret), cb as never, "SOFTWARE_TOKEN_MFA");
      }
    });
    expect(chosenApp.steps).toEqual(["selectMFAType:SELECT_MFA_TYPE", "totpRequired:SOFTWARE_TOKEN_MFA"]);
    const chosenSms = await signIn("OPTIONAL", email, (u, step, _params, cb) => {
      if (step === "selectMFAType:SELECT_MFA_TYPE") u.sendMFASelectionAnswer("SMS_MFA", cb as never);
      else void latestText(phone).then((text) => u.sendMFACode(codeIn(text), cb as never));
    });
    expect(chosenSms.steps).toEqual(["selectMFAType:SELECT_MFA_TYPE", "mfaRequired:SMS_MFA"]);
  });

  it("mfaSetup (pool ON): associateSoftwareToken + verifySoftwareToken with the Session sign in", async () => {
    const email = await newUser("ON");
    let secret = "";
    const r = await signIn("ON", email, (u, step, params, cb) => {
      expect(step).toBe("mfaSetup:MFA_SETUP");
      expect(JSON.parse(params.MFAS_CAN_SETUP!)).toContain("SOFTWARE_TOKEN_MFA");
      u.associateSoftwareToken({
        associateSecretCode: (s) => {
          secret = s;
          u.verifySoftwareToken(nextTotp(s), "setup app", cb as never);
        },
        onFailure: (cb as { onFailure: (e: unknown) => void }).onFailure,
      });
    });
    expect(r.steps).toEqual(["mfaSetup:MFA_SETUP"]);
    expect(r.session.isValid()).toBe(true);
    // The app is now the user's factor: the next sign-in asks for its code.
    const again = await signIn("ON", email, (u, _step, _p, cb) =>
      u.sendMFACode(nextTotp(secret), cb as never, "SOFTWARE_TOKEN_MFA"),
    );
    expect(again.steps).toEqual(["totpRequired:SOFTWARE_TOKEN_MFA"]);
  });

  it("mfaSetup with e-mail: MFA_SETUP with EMAIL, then EMAIL_OTP, through identity-js's request client", async () => {
    // identity-js has callbacks for MFA_SETUP but no method that answers it with an address, nor an
    // EMAIL_OTP callback: an app sends both answers with the library's own request client (the
    // CognitoUser's `client`, as its methods do) and keeps the tokens with setSignInUserSession.
    const admin = adminAt(up.url, clock);
    const ids = await createMfaPool(admin, "ON");
    const pool = new CognitoUserPool({
      UserPoolId: ids.poolId,
      ClientId: ids.clientId,
      endpoint: up.url,
      Storage: storage,
    });
    const email = await mfaUser(admin, ids.poolId, "ijs-email-setup");
    const user = new CognitoUser({ Username: email, Pool: pool, Storage: storage });
    type Reply = { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string> } & {
      AuthenticationResult?: { IdToken: string; AccessToken: string; RefreshToken: string };
    };
    const request = (op: string, params: object) =>
      new Promise<Reply>((resolve, reject) =>
        (
          user as unknown as {
            client: { request: (op: string, p: object, cb: (e: Error | null, d: Reply) => void) => void };
          }
        ).client.request(op, params, (err, data) => (err ? reject(err) : resolve(data))),
      );
    const setup = await new Promise<{ name: string; params: Record<string, string> }>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: GOOD_PASSWORD }), {
        onSuccess: () => reject(new Error("signed in without MFA")),
        onFailure: reject,
        mfaSetup: (name, params) => resolve({ name, params }),
      }),
    );
    expect(setup.name).toBe("MFA_SETUP");
    expect(JSON.parse(setup.params.MFAS_CAN_SETUP!)).toEqual(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
    const session = (user as unknown as { Session: string }).Session;
    const answer = (responses: Record<string, string>) =>
      request("RespondToAuthChallenge", {
        ClientId: ids.clientId,
        ChallengeName: "MFA_SETUP",
        Session: session,
        ChallengeResponses: { USERNAME: user.getUsername(), ...responses },
      });
    // SMS cannot be set up here: an error identity-js hands on with its code and Cognito's message.
    await expect(answer({ PHONE_NUMBER: "+15555550123" })).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: expect.stringContaining("SMS MFA cannot be set up in MFA_SETUP"),
    });
    const address = uniqueEmail("ijs-new-address");
    const emailed = await answer({ EMAIL: address });
    expect(emailed.ChallengeName).toBe("EMAIL_OTP");
    const done = await request("RespondToAuthChallenge", {
      ClientId: ids.clientId,
      ChallengeName: "EMAIL_OTP",
      Session: emailed.Session,
      ChallengeResponses: { USERNAME: user.getUsername(), EMAIL_OTP_CODE: await latestCode(up.url, address) },
    });
    const r = done.AuthenticationResult!;
    user.setSignInUserSession(
      new CognitoUserSession({
        IdToken: new CognitoIdToken({ IdToken: r.IdToken }),
        AccessToken: new CognitoAccessToken({ AccessToken: r.AccessToken }),
        RefreshToken: new CognitoRefreshToken({ RefreshToken: r.RefreshToken }),
      }),
    );
    expect(user.getSignInUserSession()?.isValid()).toBe(true);
    const attributes = await node<{ Name: string; Value: string }[]>((cb) => user.getUserAttributes(cb as never));
    expect(Object.fromEntries((attributes ?? []).map((a) => [a.Name, a.Value]))).toMatchObject({
      email: address,
      email_verified: "true",
    });
  });
});
