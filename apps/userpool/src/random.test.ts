import { describe, expect, it } from "vitest";
import { pooledCryptoRandom } from "./random.js";

describe("pooledCryptoRandom", () => {
  it("hands out each pooled byte once, across refills, in buffers of their own", () => {
    const random = pooledCryptoRandom();
    const seen = new Set<string>();
    // 10,000 × 32 bytes spans ~78 refills of the 4 KiB pool.
    for (let i = 0; i < 10_000; i++) {
      const b = random.bytes(32);
      expect(b.length).toBe(32);
      expect(b.equals(Buffer.alloc(32))).toBe(false);
      seen.add(b.toString("hex"));
    }
    expect(seen.size).toBe(10_000);
    const a = random.bytes(16);
    const copy = Buffer.from(a);
    random.bytes(16).fill(0xff);
    expect(a.equals(copy)).toBe(true);
  });

  it("serves odd sizes and sizes above the pooled maximum", () => {
    const random = pooledCryptoRandom();
    for (const n of [0, 1, 12, 63, 64, 65, 1000, 5000]) expect(random.bytes(n).length).toBe(n);
    expect(random.bytes(5000).equals(Buffer.alloc(5000))).toBe(false);
  });

  it("looks uniform: every byte value within 5 standard deviations over 512 KiB", () => {
    const random = pooledCryptoRandom();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 8192; i++) for (const byte of random.bytes(64)) counts[byte]!++;
    const mean = (8192 * 64) / 256;
    const sd = Math.sqrt(mean * (1 - 1 / 256));
    for (const c of counts) expect(Math.abs(c - mean)).toBeLessThan(5 * sd);
  });
});
