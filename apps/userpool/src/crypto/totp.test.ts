import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, matchTotp, totpAt, totpStep } from "./totp.js";

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", 8 digits.
const SEED = Buffer.from("12345678901234567890", "ascii");
const VECTORS: [seconds: number, code: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(VECTORS)("matches appendix B (SHA-1) at T=%i", (seconds, code) => {
    expect(hotp(SEED, totpStep(seconds * 1000), 8)).toBe(code);
  });

  it("gives 6-digit codes: the last six digits of the 8-digit vectors", () => {
    for (const [seconds, code] of VECTORS) expect(totpAt(SEED, seconds * 1000)).toBe(code.slice(2));
  });

  it("matches RFC 4226 appendix D's HOTP values", () => {
    const d = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(d.map((_, counter) => hotp(SEED, counter))).toEqual(d);
  });

  it("accepts one step either side and nothing further", () => {
    const at = 1_700_000_000_000;
    const step = totpStep(at);
    expect(matchTotp(SEED, totpAt(SEED, at), at)).toBe(step);
    expect(matchTotp(SEED, totpAt(SEED, at - 30_000), at)).toBe(step - 1);
    expect(matchTotp(SEED, totpAt(SEED, at + 30_000), at)).toBe(step + 1);
    expect(matchTotp(SEED, totpAt(SEED, at - 60_000), at)).toBeUndefined();
    expect(matchTotp(SEED, totpAt(SEED, at + 60_000), at)).toBeUndefined();
    expect(matchTotp(SEED, "12345", at)).toBeUndefined();
    expect(matchTotp(SEED, "abcdef", at)).toBeUndefined();
  });

  it("round-trips base32 (RFC 4648 §10 vectors, unpadded)", () => {
    const cases: [string, string][] = [
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, enc] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(enc);
      expect(base32Decode(enc).toString()).toBe(plain);
    }
    expect(base32Encode(Buffer.alloc(20, 0xff))).toHaveLength(32);
    expect(() => base32Decode("MZ1")).toThrow();
  });
});
