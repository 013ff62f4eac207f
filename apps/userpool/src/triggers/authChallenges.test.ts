import { compareEventShape, loadFixture } from "@authhub/triggers/fixtures";
import { describe, expect, it } from "vitest";
import { client, pool, user } from "../../test/support/fakes.js";
import {
  createAuthChallengeEvent,
  defineAuthChallengeEvent,
  readCreateAuthChallenge,
  readDefineAuthChallenge,
  readVerifyAuthChallengeResponse,
  verifyAuthChallengeResponseEvent,
} from "./authChallenges.js";
import { MalformedResponse } from "./failures.js";

describe("the auth-challenge events", () => {
  const p = pool();
  // userNotFound is in the events only for clients with PreventUserExistenceErrors ENABLED.
  const c = client({ PreventUserExistenceErrors: "ENABLED" });
  const u = user({ attributes: { sub: "s-1", email: "a@example.com", email_verified: "true" } });
  const session = [
    { challengeName: "SRP_A", challengeResult: true, challengeMetadata: null },
    { challengeName: "CUSTOM_CHALLENGE", challengeResult: false, challengeMetadata: "Q1" },
  ];
  const known = { pool: p, client: c, username: u.username, user: u, userNotFound: false, session };

  it("have the recorded shapes, with clientMetadata only when given", () => {
    const define = defineAuthChallengeEvent({ ...known, clientMetadata: { app: "web" } });
    expect(compareEventShape(define, loadFixture("define-auth-challenge-authentication"))).toEqual([]);
    expect(define.request).toMatchObject({ session, clientMetadata: { app: "web" }, userNotFound: false });
    const create = createAuthChallengeEvent({ ...known, challengeName: "CUSTOM_CHALLENGE" });
    expect(compareEventShape(create, loadFixture("create-auth-challenge-authentication"))).toEqual([]);
    expect("clientMetadata" in create.request).toBe(false);
    const verify = verifyAuthChallengeResponseEvent({
      ...known,
      privateChallengeParameters: { answer: "42" },
      challengeAnswer: "41",
    });
    expect(compareEventShape(verify, loadFixture("verify-auth-challenge-response-authentication"))).toEqual([]);
    expect(verify.request).toMatchObject({ privateChallengeParameters: { answer: "42" }, challengeAnswer: "41" });
    expect(define.request.userAttributes).toMatchObject({ sub: "s-1", "cognito:user_status": u.status });
  });

  it("a name no user has: userNotFound, the typed name, no attributes", () => {
    const e = defineAuthChallengeEvent({
      pool: p,
      client: c,
      username: "ghost@example.com",
      userNotFound: true,
      session: [],
    });
    expect([e.userName, e.request.userNotFound, e.request.userAttributes, e.request.session]).toEqual([
      "ghost@example.com",
      true,
      {},
      [],
    ]);
  });

  it("a client without PreventUserExistenceErrors ENABLED: no userNotFound in any of the three events", () => {
    const legacy = { ...known, client: client({ PreventUserExistenceErrors: "LEGACY" }) };
    const events = [
      defineAuthChallengeEvent(legacy),
      createAuthChallengeEvent({ ...legacy, challengeName: "CUSTOM_CHALLENGE" }),
      verifyAuthChallengeResponseEvent({ ...legacy, privateChallengeParameters: {}, challengeAnswer: "x" }),
    ];
    expect(events.map((e) => "userNotFound" in e.request)).toEqual([false, false, false]);
  });

  it("the event's session is a copy: a function changing it changes nothing here", () => {
    const e = defineAuthChallengeEvent(known);
    (e.request.session as { challengeResult: boolean }[])[1]!.challengeResult = true;
    expect(session[1]!.challengeResult).toBe(false);
  });
});

const answer = (response: Record<string, unknown>) => ({ response });

describe("reading the auth-challenge triggers' answers", () => {
  it("DefineAuthChallenge: the flags default to false, and one of them or a challenge name is required", () => {
    expect(readDefineAuthChallenge(answer({ challengeName: "CUSTOM_CHALLENGE", issueTokens: null }))).toEqual({
      challengeName: "CUSTOM_CHALLENGE",
      issueTokens: false,
      failAuthentication: false,
    });
    expect(readDefineAuthChallenge(answer({ issueTokens: true }))).toEqual({
      issueTokens: true,
      failAuthentication: false,
    });
    expect(() => readDefineAuthChallenge(answer({ challengeName: null }))).toThrow(
      "response.challengeName is required when neither issueTokens nor failAuthentication is true",
    );
    expect(() => readDefineAuthChallenge(answer({ issueTokens: "yes" }))).toThrow(MalformedResponse);
    expect(() => readDefineAuthChallenge("nothing")).toThrow("Unrecognizable lambda output");
  });

  it("CreateAuthChallenge: string maps (empty when absent) and optional metadata", () => {
    expect(readCreateAuthChallenge(answer({}))).toEqual({
      publicChallengeParameters: {},
      privateChallengeParameters: {},
      challengeMetadata: null,
    });
    expect(
      readCreateAuthChallenge(
        answer({
          publicChallengeParameters: { q: "?" },
          privateChallengeParameters: { a: "!" },
          challengeMetadata: "M",
        }),
      ),
    ).toEqual({
      publicChallengeParameters: { q: "?" },
      privateChallengeParameters: { a: "!" },
      challengeMetadata: "M",
    });
    expect(() => readCreateAuthChallenge(answer({ privateChallengeParameters: { a: 1 } }))).toThrow(
      "response.privateChallengeParameters.a must be a string",
    );
    expect(() => readCreateAuthChallenge(answer({ challengeMetadata: "x".repeat(2049) }))).toThrow(
      "longer than 2048 characters",
    );
  });

  it("VerifyAuthChallengeResponse: answerCorrect, false unless the function says true", () => {
    expect(readVerifyAuthChallengeResponse(answer({ answerCorrect: true }))).toBe(true);
    expect(readVerifyAuthChallengeResponse(answer({ answerCorrect: null }))).toBe(false);
    expect(() => readVerifyAuthChallengeResponse(answer({ answerCorrect: "true" }))).toThrow(
      "response.answerCorrect must be a boolean",
    );
  });
});
