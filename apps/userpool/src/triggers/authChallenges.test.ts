import { describe, expect, it } from "vitest";
import { readCreateAuthChallenge, readDefineAuthChallenge, readVerifyAuthChallengeResponse } from "./authChallenges.js";
import { MalformedResponse } from "./failures.js";

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
