import { describe, expect, it } from "vitest";
import { initiatePointInTimeRecovery } from "./initiatePointInTimeRecovery.js";

describe("InitiatePointInTimeRecovery input", () => {
  const parse = (RestoreTimestamp: unknown) =>
    initiatePointInTimeRecovery.input.safeParse({ UserPoolId: "us-east-1_TestPool1", RestoreTimestamp });

  it("takes epoch seconds, fractions included", () => {
    const parsed = parse(1_700_000_000.25);
    expect(parsed.success && parsed.data.RestoreTimestamp.toISOString()).toBe("2023-11-14T22:13:20.250Z");
  });

  // Found by the fuzzer: 1.27e190 seconds made an Invalid Date that reached the store and answered 500.
  it("refuses a time no Date can hold, and a negative one, as bad input", () => {
    for (const bad of [1.272896617522359e190, 8.64e12 + 1, -1, "2023-11-14"]) {
      const parsed = parse(bad);
      expect(parsed.success, String(bad)).toBe(false);
    }
    expect(parse(8.64e12).success).toBe(true);
  });
});
