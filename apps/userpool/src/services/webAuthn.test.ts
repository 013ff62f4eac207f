/** The relying-party rules of ADR 0026: which RP IDs a pool may set, and which origins an RP ID accepts. */
import { describe, expect, it } from "vitest";
import { isRelyingPartyId } from "./mfa/poolConfig.js";
import { originAllowed } from "./webAuthn.js";

describe("RelyingPartyId", () => {
  it.each(["localhost", "example.com", "auth.example.com", "a-b.example.co.uk", "x".repeat(63)])("accepts %s", (id) =>
    expect(isRelyingPartyId(id)).toBe(true),
  );
  it.each([
    ["", "empty"],
    ["https://example.com", "a scheme"],
    ["example.com:443", "a port"],
    ["example.com/login", "a path"],
    ["Example.com", "upper case"],
    ["127.0.0.1", "an IPv4 address"],
    ["[::1]", "an IPv6 address"],
    ["-example.com", "a label starting with a hyphen"],
    ["example..com", "an empty label"],
    [`${"a".repeat(64)}.com`, "a label over 63 characters"],
    [`${"a.".repeat(64)}com`, "over 127 characters"],
  ])("refuses %j (%s)", (id) => expect(isRelyingPartyId(id)).toBe(false));
});

describe("allowed origins", () => {
  it.each([
    ["https://example.com", "example.com"],
    ["https://example.com:8443", "example.com"],
    ["https://localhost", "localhost"],
    ["http://localhost", "localhost"],
    ["http://localhost:3000", "localhost"],
  ])("%s for %s", (origin, rpId) => expect(originAllowed(origin, rpId)).toBe(true));
  it.each([
    ["http://example.com", "example.com", "plain http off localhost"],
    ["https://evil.example", "example.com", "another site"],
    ["https://sub.example.com", "example.com", "a subdomain"],
    ["https://example.com.evil.example", "example.com", "a suffix trick"],
    ["https://localhost.evil.example", "localhost", "a suffix trick on localhost"],
    ["http://127.0.0.1:3000", "localhost", "a loopback address, not the name"],
    ["https://example.com/", "example.com", "a path (not an origin)"],
    ["android:apk-key-hash:abc", "example.com", "an app origin"],
    ["not a url", "example.com", "garbage"],
  ])("refuses %s for %s (%s)", (origin, rpId) => expect(originAllowed(origin, rpId)).toBe(false));
});
