import { describe, expect, it } from "vitest";
import { parseIdentities } from "./identities";

describe("parseIdentities", () => {
  it("reads the JSON string GetUser returns", () => {
    const raw = JSON.stringify([{ userId: "1234", providerName: "Google", providerType: "Google", primary: true }]);
    expect(parseIdentities(raw)).toEqual([{ userId: "1234", providerName: "Google", providerType: "Google" }]);
  });

  it("reads the array the ID token carries", () => {
    expect(parseIdentities([{ providerName: "Google", providerType: "Google", userId: "9" }])[0]?.providerName).toBe(
      "Google",
    );
  });

  it("yields nothing for user-pool users and for malformed values", () => {
    expect(parseIdentities(undefined)).toEqual([]);
    expect(parseIdentities("not json")).toEqual([]);
    expect(parseIdentities("{}")).toEqual([]);
    expect(parseIdentities([null, 3, { providerName: "" }])).toEqual([]);
  });
});
