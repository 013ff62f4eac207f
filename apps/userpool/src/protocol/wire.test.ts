import { describe, expect, it } from "vitest";
import { encodeAwsJson } from "./wire.js";

describe("encodeAwsJson", () => {
  it("writes Dates as epoch seconds wherever they are nested", () => {
    const at = new Date(1_700_000_000_500);
    expect(
      JSON.parse(
        encodeAwsJson({
          UserCreateDate: at,
          Users: [{ Attributes: [], UserLastModifiedDate: at }],
          Nested: { deep: { when: at } },
        }),
      ),
    ).toEqual({
      UserCreateDate: 1_700_000_000.5,
      Users: [{ Attributes: [], UserLastModifiedDate: 1_700_000_000.5 }],
      Nested: { deep: { when: 1_700_000_000.5 } },
    });
    expect(encodeAwsJson([at])).toBe("[1700000000.5]");
  });

  it("without Dates, is JSON.stringify: undefined members dropped, strings escaped", () => {
    const value = {
      AuthenticationResult: { IdToken: 'a"b\\c\u2028', ExpiresIn: 3600, Missing: undefined },
      ChallengeParameters: {},
    };
    expect(encodeAwsJson(value)).toBe(JSON.stringify(value));
    expect(encodeAwsJson(value)).not.toContain("Missing");
  });
});
