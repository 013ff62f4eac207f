/**
 * CUSTOM_AUTH through the official AWS SDK v3, with trigger functions written by the tests: a
 * security question, a magic-link code sent by the dev mailbox, the SRP password step first, the
 * admin operations, failAuthentication, the round limit, expired and replayed sessions, unknown users,
 * the Lambda Invoke transport, Cognito's event shapes, and privateChallengeParameters never leaving
 * the server. Runs on SQLite and, with USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import {
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { compareEventShape, type FixtureName, loadFixture } from "@authhub/triggers/fixtures";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { sha256 } from "../src/crypto/envelope.js";
import { MAX_CUSTOM_CHALLENGES, TOO_MANY_CHALLENGES } from "../src/services/customAuth.js";
import {
  CUSTOM_CLIENT_ID,
  CUSTOM_ONLY_CLIENT_ID,
  CUSTOM_POOL_ID,
  customAuthConfig,
  defineQuestionRounds,
  LAMBDA_CLIENT_ID,
  LAMBDA_POOL_ID,
  MFA_CLIENT_ID,
  MFA_POOL_ID,
  NO_DEFINE_CLIENT_ID,
  oneQuestion,
  writeChallengeTriggers,
} from "./support/customAuth.js";
import { testEngines } from "./support/engines.js";
import { startLambdaServer, type LambdaServer } from "./support/lambdaServer.js";
import { adminAt, confirmedUser, rejection } from "./support/lifecycle.js";
import { createClientEphemeral, passwordVerifierResponses, srpAuthParameters } from "./support/srpClient.js";
import { srpSignIn } from "./support/signIn.js";
import { eventsOf, RECORDER, recorder, resetRecorder } from "./support/triggerPools.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  GOOD_PASSWORD,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

const LAMBDA_KEY = { id: "custom-auth-invoker", secret: "custom-auth-invoker-secret" };
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:recorder";
const SESSION_MINUTES = 3;

describe.each(testEngines())("CUSTOM_AUTH through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;
  let lambda: LambdaServer;
  const clock = new ManualClock();
  /** Every SDK answer of a test, to check that no private parameter is ever in one. */
  let answers: unknown[] = [];

  beforeAll(async () => {
    lambda = await startLambdaServer({ recorder: RECORDER }, { [LAMBDA_KEY.id]: LAMBDA_KEY.secret });
    up = await startTestUserpoolOn(engine, {
      config: customAuthConfig(RECORDER, ARN),
      clock,
      env: {
        TEST_CLIENT_SECRET: CLIENT_SECRET,
        USERPOOL_LAMBDA_ENDPOINT: lambda.url,
        AWS_ACCESS_KEY_ID: LAMBDA_KEY.id,
        AWS_SECRET_ACCESS_KEY: LAMBDA_KEY.secret,
      },
    });
  });
  afterAll(async () => {
    await up?.stop();
    await lambda?.close();
  });
  beforeEach(() => {
    resetRecorder();
    answers = [];
    clock.set(Date.now());
  });

  const admin = () => adminAt(up.url, clock);
  async function send<T>(p: Promise<T>): Promise<T> {
    const out = await p;
    answers.push(out);
    return out;
  }
  const start = (
    username: string,
    clientId = CUSTOM_CLIENT_ID,
    extra: Record<string, string> = {},
    meta?: Record<string, string>,
  ) =>
    send(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "CUSTOM_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: username, ...extra },
          ...(meta ? { ClientMetadata: meta } : {}),
        }),
      ),
    );
  const answer = (
    session: string | undefined,
    username: string,
    value: string,
    clientId = CUSTOM_CLIENT_ID,
    meta?: Record<string, string>,
  ) =>
    send(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "CUSTOM_CHALLENGE",
          Session: session,
          ChallengeResponses: { USERNAME: username, ANSWER: value },
          ...(meta ? { ClientMetadata: meta } : {}),
        }),
      ),
    );
  const user = (clientId = CLIENT_ID) => confirmedUser(up, { clientId, email: uniqueEmail("custom") });

  it("a security question: public parameters and USERNAME, a wrong answer asked again, then tokens", async () => {
    oneQuestion();
    const { email, sub } = await user();
    const first = await start(email, CUSTOM_CLIENT_ID, {}, { origin: "initiate" });
    expect(first.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(first.ChallengeParameters).toEqual({ question: "What is six times seven?", USERNAME: sub });
    expect(first.Session).toEqual(expect.any(String));

    const second = await answer(first.Session, email, "41", CUSTOM_CLIENT_ID, { origin: "respond" });
    expect(second.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(second.Session).not.toBe(first.Session);
    const done = await answer(second.Session, sub, "42", CUSTOM_CLIENT_ID, { origin: "respond" });
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(decodeJwt(done.AuthenticationResult!.IdToken!).sub).toBe(sub);

    // Define saw the history in order, with Create's metadata; Verify saw the private parameters.
    const defines = eventsOf("DefineAuthChallenge_Authentication");
    expect(defines.map((e) => e.request.session)).toEqual([
      [],
      [{ challengeName: "CUSTOM_CHALLENGE", challengeResult: false, challengeMetadata: "QUESTION-SIX-SEVEN" }],
      [
        { challengeName: "CUSTOM_CHALLENGE", challengeResult: false, challengeMetadata: "QUESTION-SIX-SEVEN" },
        { challengeName: "CUSTOM_CHALLENGE", challengeResult: true, challengeMetadata: "QUESTION-SIX-SEVEN" },
      ],
    ]);
    expect(defines.every((e) => e.request.userNotFound === false && e.request.userAttributes.sub === sub)).toBe(true);
    expect(eventsOf("VerifyAuthChallengeResponse_Authentication").map((e) => e.request.challengeAnswer)).toEqual([
      "41",
      "42",
    ]);
    // InitiateAuth's ClientMetadata goes to PreAuthentication only; RespondToAuthChallenge's to every later trigger.
    expect(eventsOf("PreAuthentication_Authentication")[0].request.validationData).toEqual({ origin: "initiate" });
    expect(defines[0].request.clientMetadata).toBeUndefined();
    expect(defines[2].request.clientMetadata).toEqual({ origin: "respond" });
    expect(eventsOf("PostAuthentication_Authentication")).toHaveLength(1);
    expect(eventsOf("TokenGeneration_Authentication")[0].request.clientMetadata).toEqual({ origin: "respond" });
  });

  it("the events have Cognito's shape (recorded fixtures)", async () => {
    oneQuestion();
    const { email } = await user();
    const first = await start(email);
    await answer(first.Session, email, "42", CUSTOM_CLIENT_ID, { origin: "web" });
    const fixture: Record<string, FixtureName> = {
      DefineAuthChallenge_Authentication: "define-auth-challenge-authentication",
      CreateAuthChallenge_Authentication: "create-auth-challenge-authentication",
      VerifyAuthChallengeResponse_Authentication: "verify-auth-challenge-response-authentication",
    };
    const compared = recorder().events.filter((e) => fixture[e.triggerSource]);
    expect(compared.map((e) => e.triggerSource)).toEqual([
      "DefineAuthChallenge_Authentication",
      "CreateAuthChallenge_Authentication",
      "VerifyAuthChallengeResponse_Authentication",
      "DefineAuthChallenge_Authentication",
    ]);
    for (const e of compared) expect(compareEventShape(e, loadFixture(fixture[e.triggerSource]!))).toEqual([]);
    const create = eventsOf("CreateAuthChallenge_Authentication")[0];
    expect(create.request.challengeName).toBe("CUSTOM_CHALLENGE");
    expect(create.response).toEqual({
      publicChallengeParameters: null,
      privateChallengeParameters: null,
      challengeMetadata: null,
    });
    expect(eventsOf("VerifyAuthChallengeResponse_Authentication")[0].request.privateChallengeParameters).toEqual({
      answer: "42",
    });
  });

  it("a magic link: Create mails a one-time code through the dev mailbox, Verify compares it", async () => {
    const { email } = await user();
    writeChallengeTriggers({
      define: defineQuestionRounds(1),
      create: async (e) => {
        const code = randomBytes(16).toString("hex");
        const to = e.request.userAttributes.email!;
        const mailbox = up.services.devMailbox;
        if (!mailbox) throw new Error("the test userpool runs in development mode, with the dev mailbox");
        await mailbox.send({
          to,
          subject: "Your sign-in link",
          text: `Sign in: https://app.example/magic?code=${code}`,
          html: `<a href="https://app.example/magic?code=${code}">Sign in</a>`,
        });
        return {
          publicChallengeParameters: { delivery: "EMAIL", email: to },
          privateChallengeParameters: { code },
          challengeMetadata: "MAGIC-LINK",
        };
      },
      verify: (e) => e.request.challengeAnswer === e.request.privateChallengeParameters?.code,
    });
    const first = await start(email);
    expect(first.ChallengeParameters?.delivery).toBe("EMAIL");
    const mail = (await (await fetch(`${up.url}/_dev/messages?to=${encodeURIComponent(email)}`)).json()) as {
      text: string;
    }[];
    const code = /code=([0-9a-f]{32})/.exec(mail[0]!.text)?.[1];
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(first)).not.toContain(code);
    const done = await answer(first.Session, email, code!);
    expect(done.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it("failAuthentication ends the sign-in with NotAuthorizedException, and the session is gone", async () => {
    oneQuestion(2);
    const { email } = await user();
    const first = await start(email);
    const second = await answer(first.Session, email, "1");
    const err = await rejection(answer(second.Session, email, "2"));
    expect([err.name, err.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
    const replay = await rejection(answer(second.Session, email, "42"));
    expect(replay.name).toBe("NotAuthorizedException");
  });

  it(`refuses a ${MAX_CUSTOM_CHALLENGES + 1}th challenge in one sign-in`, async () => {
    oneQuestion(1000);
    const { email } = await user();
    let session = (await start(email)).Session;
    for (let i = 1; i < MAX_CUSTOM_CHALLENGES; i++) {
      const r = await answer(session, email, "wrong");
      expect(r.ChallengeName).toBe("CUSTOM_CHALLENGE");
      session = r.Session;
    }
    const err = await rejection(answer(session, email, "wrong"));
    expect([err.name, err.message]).toEqual(["NotAuthorizedException", TOO_MANY_CHALLENGES]);
    // Define still saw the last answer: it could have issued tokens or failed the sign-in itself.
    expect(eventsOf("DefineAuthChallenge_Authentication").at(-1).request.session).toHaveLength(MAX_CUSTOM_CHALLENGES);
  });

  it("a session lives for the client's AuthSessionValidity (3 minutes) and is single use", async () => {
    oneQuestion();
    const { email } = await user();
    const first = await start(email);
    clock.advance(SESSION_MINUTES * 60_000 + 1000);
    const expired = await rejection(answer(first.Session, email, "42"));
    expect([expired.name, expired.message]).toEqual([
      "NotAuthorizedException",
      "Invalid session for the user, session is expired.",
    ]);
    clock.set(Date.now());
    const again = await start(email);
    clock.advance(SESSION_MINUTES * 60_000 - 1000);
    const second = await answer(again.Session, email, "1");
    expect(second.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect((await rejection(answer(again.Session, email, "42"))).name).toBe("NotAuthorizedException");
    expect((await answer(second.Session, email, "42")).AuthenticationResult).toBeDefined();
  });

  it("SRP first: SRP_A, then PASSWORD_VERIFIER with the Session, then the custom challenge", async () => {
    oneQuestion();
    const { email, sub } = await user();
    const eph = createClientEphemeral({ aBytes: 32 });
    const srp = await start(email, CUSTOM_CLIENT_ID, { ...srpAuthParameters(email, eph), CHALLENGE_NAME: "SRP_A" });
    expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect(srp.Session).toEqual(expect.any(String));
    expect(srp.ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: sub, SRP_B: expect.any(String) });
    const verifier = passwordVerifierResponses({
      poolName: CUSTOM_POOL_ID.split("_")[1]!,
      password: GOOD_PASSWORD,
      ephemeral: eph,
      challengeParameters: srp.ChallengeParameters!,
    });
    const custom = await send(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CUSTOM_CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          Session: srp.Session,
          ChallengeResponses: verifier,
        }),
      ),
    );
    expect(custom.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(eventsOf("DefineAuthChallenge_Authentication").map((e) => e.request.session)).toEqual([
      [{ challengeName: "SRP_A", challengeResult: true, challengeMetadata: null }],
      [
        { challengeName: "SRP_A", challengeResult: true, challengeMetadata: null },
        { challengeName: "PASSWORD_VERIFIER", challengeResult: true, challengeMetadata: null },
      ],
    ]);
    expect(eventsOf("PreAuthentication_Authentication")).toHaveLength(1);
    expect((await answer(custom.Session, email, "42")).AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
  });

  it("SRP first: a wrong password fails, and the custom SECRET_BLOCK is no USER_SRP_AUTH answer", async () => {
    oneQuestion();
    const { email } = await user();
    const begin = async () => {
      const eph = createClientEphemeral({ aBytes: 32 });
      const srp = await start(email, CUSTOM_CLIENT_ID, { ...srpAuthParameters(email, eph), CHALLENGE_NAME: "SRP_A" });
      return { srp, eph };
    };
    const respond = (session: string | undefined, responses: Record<string, string>) =>
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CUSTOM_CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          ...(session ? { Session: session } : {}),
          ChallengeResponses: responses,
        }),
      );
    const wrong = await begin();
    const bad = passwordVerifierResponses({
      poolName: CUSTOM_POOL_ID.split("_")[1]!,
      password: "Wr0ng-Password!",
      ephemeral: wrong.eph,
      challengeParameters: wrong.srp.ChallengeParameters!,
    });
    const err = await rejection(respond(wrong.srp.Session, bad));
    expect([err.name, err.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
    expect(eventsOf("DefineAuthChallenge_Authentication")).toHaveLength(1);

    // The right password, but answered without the custom Session (as USER_SRP_AUTH): no tokens, no bypass of Define.
    const right = await begin();
    const good = passwordVerifierResponses({
      poolName: CUSTOM_POOL_ID.split("_")[1]!,
      password: GOOD_PASSWORD,
      ephemeral: right.eph,
      challengeParameters: right.srp.ChallengeParameters!,
    });
    const bypass = await rejection(respond(undefined, good));
    expect(bypass.name).toBe("NotAuthorizedException");
    // And a custom-challenge Session is no PASSWORD_VERIFIER session.
    const q = await start(email);
    expect((await rejection(respond(q.Session, good))).name).toBe("NotAuthorizedException");
  });

  it("AdminInitiateAuth and AdminRespondToAuthChallenge run the same flow", async () => {
    oneQuestion();
    const { email } = await user();
    const first = await send(
      admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: CUSTOM_POOL_ID,
          ClientId: CUSTOM_CLIENT_ID,
          AuthFlow: "CUSTOM_AUTH",
          AuthParameters: { USERNAME: email },
        }),
      ),
    );
    expect(first.ChallengeName).toBe("CUSTOM_CHALLENGE");
    const done = await send(
      admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: CUSTOM_POOL_ID,
          ClientId: CUSTOM_CLIENT_ID,
          ChallengeName: "CUSTOM_CHALLENGE",
          Session: first.Session,
          ChallengeResponses: { USERNAME: email, ANSWER: "42" },
        }),
      ),
    );
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it("an unknown user with PreventUserExistenceErrors: userNotFound, and no answer signs in", async () => {
    oneQuestion();
    const ghost = uniqueEmail("ghost");
    const first = await start(ghost);
    expect(first.ChallengeName).toBe("CUSTOM_CHALLENGE");
    // Shown a stand-in username shaped like a real one (a sub in this pool), the same each time.
    const shown = first.ChallengeParameters?.USERNAME;
    expect(shown).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await start(ghost)).ChallengeParameters?.USERNAME).toBe(shown);
    const define = eventsOf("DefineAuthChallenge_Authentication")[0];
    expect([define.userName, define.request.userNotFound, define.request.userAttributes]).toEqual([ghost, true, {}]);
    const again = await answer(first.Session, shown!, "1");
    expect(again.ChallengeName).toBe("CUSTOM_CHALLENGE");
    const err = await rejection(answer(again.Session, ghost, "42"));
    expect([err.name, err.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
    expect(eventsOf("VerifyAuthChallengeResponse_Authentication").map((e) => e.request.userNotFound)).toEqual([
      true,
      true,
    ]);
    // PreAuthentication ran first for each start, for the name typed (developer guide, "Pre authentication Lambda
    // trigger").
    expect(
      eventsOf("PreAuthentication_Authentication").map((e) => [
        e.userName,
        e.request.userNotFound,
        e.request.userAttributes,
      ]),
    ).toEqual([
      [ghost, true, {}],
      [ghost, true, {}],
    ]);

    // SRP first: the simulated password step fails exactly as a wrong password does.
    const eph = createClientEphemeral({ aBytes: 32 });
    const srp = await start(ghost, CUSTOM_CLIENT_ID, { ...srpAuthParameters(ghost, eph), CHALLENGE_NAME: "SRP_A" });
    expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect(srp.ChallengeParameters?.USER_ID_FOR_SRP).toBe(shown);
    const responses = passwordVerifierResponses({
      poolName: CUSTOM_POOL_ID.split("_")[1]!,
      password: GOOD_PASSWORD,
      ephemeral: eph,
      challengeParameters: srp.ChallengeParameters!,
    });
    const srpErr = await rejection(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CUSTOM_CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          Session: srp.Session,
          ChallengeResponses: responses,
        }),
      ),
    );
    expect([srpErr.name, srpErr.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
    expect(eventsOf("PreAuthentication_Authentication").map((e) => e.request.userNotFound)).toEqual([true, true, true]);
  });

  it("without PreventUserExistenceErrors: UserNotFoundException; CUSTOM_AUTH_FLOW_ONLY allows the flow", async () => {
    oneQuestion();
    const err = await rejection(start(uniqueEmail("ghost"), CUSTOM_ONLY_CLIENT_ID));
    expect([err.name, err.message]).toEqual(["UserNotFoundException", "User does not exist."]);
    expect(eventsOf("DefineAuthChallenge_Authentication")).toEqual([]);
    expect(eventsOf("PreAuthentication_Authentication")).toEqual([]);
    const { email } = await user();
    const first = await start(email, CUSTOM_ONLY_CLIENT_ID);
    expect((await answer(first.Session, email, "42", CUSTOM_ONLY_CLIENT_ID)).AuthenticationResult).toBeDefined();
    // userNotFound is populated only on a client with PreventUserExistenceErrors ENABLED (each trigger's page).
    const sent = ["PreAuthentication", "DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse"];
    for (const source of sent) {
      const events = eventsOf(`${source}_Authentication`);
      expect(events.length, source).toBeGreaterThan(0);
      for (const e of events) expect(e.request, source).not.toHaveProperty("userNotFound");
    }
  });

  it("refuses: a client without ALLOW_CUSTOM_AUTH, a pool without DefineAuthChallenge, a disabled user", async () => {
    oneQuestion();
    const { email } = await user();
    const notAllowed = await rejection(start(email, CLIENT_ID));
    expect([notAllowed.name, notAllowed.message]).toEqual([
      "InvalidParameterException",
      "CUSTOM_AUTH flow not enabled for this client",
    ]);
    const noDefine = await rejection(start(email, NO_DEFINE_CLIENT_ID));
    expect([noDefine.name, noDefine.message]).toEqual([
      "InvalidParameterException",
      "Custom auth lambda trigger is not configured for the user pool.",
    ]);
    await admin().send(new AdminDisableUserCommand({ UserPoolId: CUSTOM_POOL_ID, Username: email }));
    const disabled = await rejection(start(email));
    expect([disabled.name, disabled.message]).toEqual(["NotAuthorizedException", "User is disabled."]);
    expect(eventsOf("DefineAuthChallenge_Authentication")).toEqual([]);
  });

  it("a function's failure or an unsupported challenge name is UserLambdaValidationException", async () => {
    const { email } = await user();
    writeChallengeTriggers({
      define: () => {
        throw new Error("define is down");
      },
    });
    const thrown = await rejection(start(email));
    expect([thrown.name, thrown.message]).toEqual([
      "UserLambdaValidationException",
      "DefineAuthChallenge failed with error define is down.",
    ]);
    writeChallengeTriggers({ define: () => ({ challengeName: "SMS_MFA" }) });
    const sms = await rejection(start(email));
    expect(sms.name).toBe("UserLambdaValidationException");
    expect(sms.message).toContain('challengeName "SMS_MFA" is not supported');
    writeChallengeTriggers({ define: () => ({ challengeName: "PASSWORD_VERIFIER" }) });
    const pv = await rejection(start(email));
    expect([pv.name, pv.message]).toEqual([
      "UserLambdaValidationException",
      "DefineAuthChallenge failed with error Invalid lambda response: PASSWORD_VERIFIER may only follow SRP_A.",
    ]);
    writeChallengeTriggers({ define: () => ({}) });
    expect((await rejection(start(email))).name).toBe("UserLambdaValidationException");
  });

  it("runs the three functions through the Lambda Invoke API", async () => {
    oneQuestion();
    const { email } = await user(LAMBDA_CLIENT_ID);
    const before = lambda.invocations.length;
    const first = await start(email, LAMBDA_CLIENT_ID);
    expect(first.ChallengeParameters?.question).toBe("What is six times seven?");
    const done = await answer(first.Session, email, "42", LAMBDA_CLIENT_ID);
    expect(done.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    const invoked = lambda.invocations.slice(before);
    expect(invoked.every((i) => i.functionName === ARN && i.accessKeyId === LAMBDA_KEY.id)).toBe(true);
    expect(invoked.map((i) => i.event.triggerSource)).toEqual([
      "PreAuthentication_Authentication",
      "DefineAuthChallenge_Authentication",
      "CreateAuthChallenge_Authentication",
      "VerifyAuthChallengeResponse_Authentication",
      "DefineAuthChallenge_Authentication",
      "PostAuthentication_Authentication",
      "TokenGeneration_Authentication",
    ]);
    expect(invoked.every((i) => i.event.userPoolId === LAMBDA_POOL_ID)).toBe(true);
  });

  it("no MFA follows in a pool requiring MFA: issueTokens gives tokens (SRP asks for MFA_SETUP)", async () => {
    oneQuestion();
    const { email } = await user(MFA_CLIENT_ID);
    const srp = await srpSignIn(up.anon, {
      poolId: MFA_POOL_ID,
      clientId: MFA_CLIENT_ID,
      username: email,
      password: GOOD_PASSWORD,
    });
    expect(srp.ChallengeName).toBe("MFA_SETUP");
    const first = await start(email, MFA_CLIENT_ID);
    const done = await answer(first.Session, email, "42", MFA_CLIENT_ID);
    expect(done.ChallengeName).toBeUndefined();
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it("privateChallengeParameters are in no response and only encrypted in the session row", async () => {
    const secret = `private-${randomBytes(8).toString("hex")}`;
    writeChallengeTriggers({
      define: defineQuestionRounds(3),
      create: () => ({
        publicChallengeParameters: { hint: "public" },
        privateChallengeParameters: { answer: secret },
        challengeMetadata: "M",
      }),
      verify: (e) => e.request.challengeAnswer === e.request.privateChallengeParameters?.answer,
    });
    const { email } = await user();
    const first = await start(email);
    const row = await up.store.challengeSessions.get(sha256(Buffer.from(first.Session!, "base64url")));
    expect(row?.kind).toBe("CUSTOM_CHALLENGE");
    expect(row?.dataEnc).not.toContain(secret);
    expect(Buffer.from(row!.dataEnc, "base64").toString("latin1")).not.toContain(secret);
    const second = await answer(first.Session, email, "nope");
    await answer(second.Session, email, secret);
    expect(answers).toHaveLength(3);
    for (const a of answers) expect(JSON.stringify(a)).not.toContain(secret);
  });
});
