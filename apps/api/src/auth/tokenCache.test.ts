import { describe, expect, it } from "vitest";
import { VerifiedTokenCache } from "./tokenCache.js";

describe("VerifiedTokenCache", () => {
  it("serves an entry until its exp, then forgets it", () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set("t", "alice", "k1", 2_000, 1_000);
    expect(cache.get("t", 1_999)).toEqual({ value: "alice", kid: "k1", expMs: 2_000 });
    expect(cache.get("t", 2_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never stores a token that is already expired", () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set("t", "alice", "k1", 1_000, 1_000);
    expect(cache.size).toBe(0);
  });

  it("stays within its bound by evicting the oldest entry", () => {
    const cache = new VerifiedTokenCache<number>(3);
    for (let i = 0; i < 5; i++) cache.set(`t${i}`, i, "k", 10_000, 0);
    expect(cache.size).toBe(3);
    expect(cache.get("t0", 1)).toBeUndefined();
    expect(cache.get("t1", 1)).toBeUndefined();
    expect(cache.get("t4", 1)?.value).toBe(4);
  });

  it("can be turned off with 0 entries", () => {
    const cache = new VerifiedTokenCache<number>(0);
    cache.set("t", 1, "k", 10_000, 0);
    expect(cache.get("t", 1)).toBeUndefined();
  });

  it("rejects a nonsensical bound", () => {
    expect(() => new VerifiedTokenCache(-1)).toThrow(TypeError);
    expect(() => new VerifiedTokenCache(1.5)).toThrow(TypeError);
  });
});
