import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VerifiedTokenCache } from "./verifiedTokens.js";

const { publicKey: key } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const entry = (expMs: number, poolId = "us-east-1_Pool") => ({ poolId, kid: "k", key, claims: { sub: "s" }, expMs });

describe("VerifiedTokenCache", () => {
  it("serves an entry until its exp, and never at or after it", () => {
    const c = new VerifiedTokenCache<{ sub: string }>(10);
    c.set("t", entry(2000), 1000);
    expect(c.get("t", 1999)?.claims.sub).toBe("s");
    expect(c.get("t", 2000)).toBeUndefined();
    // The expired entry is gone, not just hidden.
    expect(c.size).toBe(0);
    expect(c.get("t", 1500)).toBeUndefined();
  });

  it("does not store a token already expired", () => {
    const c = new VerifiedTokenCache<{ sub: string }>(10);
    c.set("t", entry(1000), 1000);
    expect(c.size).toBe(0);
  });

  it("matches the exact token string only", () => {
    const c = new VerifiedTokenCache<{ sub: string }>(10);
    c.set("a.b.c", entry(9000), 0);
    expect(c.get("a.b.c ", 0)).toBeUndefined();
    expect(c.get("a.b.C", 0)).toBeUndefined();
    expect(c.get("a.b.c", 0)).toBeDefined();
  });

  it("stays within its bound, dropping the oldest entry", () => {
    const c = new VerifiedTokenCache<{ sub: string }>(3);
    for (const t of ["1", "2", "3", "4"]) c.set(t, entry(9000), 0);
    expect(c.size).toBe(3);
    expect(c.get("1", 0)).toBeUndefined();
    expect(c.get("4", 0)).toBeDefined();
    // Storing a token again does not evict another one.
    c.set("4", entry(9000), 0);
    expect(c.size).toBe(3);
    expect(c.get("2", 0)).toBeDefined();
  });

  it("stores nothing with a bound of 0, and refuses a bad bound", () => {
    const c = new VerifiedTokenCache<{ sub: string }>(0);
    c.set("t", entry(9000), 0);
    expect(c.get("t", 0)).toBeUndefined();
    expect(() => new VerifiedTokenCache(-1)).toThrow(TypeError);
    expect(() => new VerifiedTokenCache(1.5)).toThrow(TypeError);
  });
});
