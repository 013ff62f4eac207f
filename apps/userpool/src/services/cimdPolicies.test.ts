import { describe, expect, it } from "vitest";
import { checkUrlPattern } from "./cimdPolicies.js";

// ADR 0033: https patterns whose host keeps its last two labels literal.
describe("CIMD URL patterns", () => {
  it("takes https patterns with wildcards below a literal domain", () => {
    for (const p of [
      "https://*.apps.example.com/client.json",
      "https://tools.example.org/clients/*",
      "https://example.com:8443/*/metadata.json",
    ])
      expect(() => checkUrlPattern(p)).not.toThrow();
  });

  it("refuses other schemes, user information and patterns that would admit any site", () => {
    for (const [p, why] of [
      ["http://apps.example.com/client.json", "https"],
      ["https://user:pw@apps.example.com/x", "user information"],
      ["https://*.com/client.json", "domain"],
      ["https://*/client.json", "domain"],
      ["https://example.*/client.json", "domain"],
      ["https://localhost/client.json", "domain"],
    ])
      expect(() => checkUrlPattern(p!)).toThrow(
        expect.objectContaining({ name: "InvalidParameterException", message: expect.stringContaining(why!) }),
      );
    expect(() => checkUrlPattern("http://a.example.com/x")).toThrow(/must be an https URL/);
  });
});
