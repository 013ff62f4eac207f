import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDataCrypto } from "../crypto/envelope.js";
import { cryptoRandom } from "../random.js";
import { SrpChallengeSealer, type SrpChallenge } from "./srpChallenge.js";

const sealer = new SrpChallengeSealer({
  crypto: createDataCrypto(randomBytes(32), cryptoRandom),
  random: cryptoRandom,
});
const T0 = 1_700_000_000_000;

function challenge(over: Partial<SrpChallenge> = {}): SrpChallenge {
  return {
    id: sealer.newId(),
    expiresAt: T0 + 180_000,
    username: "0b8f5a4e-6a7e-4a4e-9f5e-2f0b8f5a4e6a",
    userId: "0b8f5a4e-6a7e-4a4e-9f5e-2f0b8f5a4e6a",
    unknownSubject: "",
    key: randomBytes(16),
    salt: randomBytes(16),
    ...over,
  };
}

describe("SrpChallengeSealer", () => {
  it("opens what it sealed, for the same pool and client, before expiry", () => {
    const c = challenge();
    expect(sealer.open("p", "c", sealer.seal("p", "c", c), T0)).toEqual(c);
    const simulated = challenge({ userId: null, unknownSubject: `n:${"x".repeat(43)}` });
    expect(sealer.open("p", "c", sealer.seal("p", "c", simulated), T0)).toEqual(simulated);
  });

  it("refuses another pool or client, a flipped bit, a truncation, and expiry, with Cognito's error", () => {
    const block = sealer.seal("p", "c", challenge());
    const refused = { name: "NotAuthorizedException", message: "Invalid session for the user, session is expired." };
    expect(() => sealer.open("p", "other", block, T0)).toThrow(expect.objectContaining(refused));
    expect(() => sealer.open("q", "c", block, T0)).toThrow(expect.objectContaining(refused));
    const raw = Buffer.from(block, "base64");
    for (const at of [0, 12, 100, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at]! ^= 0x01;
      expect(() => sealer.open("p", "c", bad.toString("base64"), T0)).toThrow(expect.objectContaining(refused));
    }
    expect(() => sealer.open("p", "c", raw.subarray(0, raw.length - 1).toString("base64"), T0)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() => sealer.open("p", "c", "", T0)).toThrow(expect.objectContaining(refused));
    expect(() => sealer.open("p", "c", block, T0 + 180_000)).toThrow(expect.objectContaining(refused));
    expect(sealer.open("p", "c", block, T0 + 179_999)).toBeTruthy();
  });

  it("a simulated challenge seals to the length of a real one; a fresh IV makes every block differ", () => {
    const real = sealer.seal("p", "c", challenge({ username: "alice" }));
    const simulated = sealer.seal(
      "p",
      "c",
      challenge({ username: "alice", userId: null, unknownSubject: `n:${"m".repeat(43)}` }),
    );
    expect(simulated.length).toBe(real.length);
    const c = challenge();
    expect(sealer.seal("p", "c", c)).not.toBe(sealer.seal("p", "c", c));
  });

  it("carries the session key and salt, never b, A, B or the verifier: one kilobyte for a usual name", () => {
    const block = Buffer.from(sealer.seal("p", "c", challenge()), "base64");
    // 1 KiB of sealed layout plus the envelope (IV, tag, header): a 384-byte number would not fit twice.
    expect(block.length).toBeGreaterThan(1024);
    expect(block.length).toBeLessThan(1024 + 64);
  });

  it("a long name takes a longer block instead of failing", () => {
    const long = challenge({ username: "ü".repeat(600), userId: null, unknownSubject: "n:x" });
    const opened = sealer.open("p", "c", sealer.seal("p", "c", long), T0);
    expect(opened.username).toBe(long.username);
  });
});
