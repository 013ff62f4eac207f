import { createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  G,
  K,
  N,
  N_BYTES,
  bigIntModPowN,
  dhModPowN,
  jacobi,
  javaBytes,
  nativeModPowN,
  toBigInt,
  toBytes,
} from "./srpPrimitives.js";
import { cognitoJsHelper, jsBig } from "../../test/support/srpClientCognitoJs.js";

describe("nativeModPowN", () => {
  it("agrees with the pure-BigInt reference on random bases and exponents of the sizes SRP uses", () => {
    for (const expBytes of [1, 16, 32, 33, 128, 130]) {
      for (let i = 0; i < 3; i++) {
        const base = toBigInt(randomBytes(N_BYTES + 8)); // may exceed N: reduction is part of the contract
        const exponent = randomBytes(expBytes);
        expect(nativeModPowN(base, exponent), `${expBytes}-byte exponent`).toBe(bigIntModPowN(base, exponent));
      }
    }
  });

  it("answers the bases OpenSSL refuses as DH public keys (0, 1, N-1 and their multiples of N) exactly", () => {
    const odd = Buffer.from([0x00, 0x05]);
    const even = Buffer.from([0x01, 0x00]);
    for (const base of [0n, 1n, N - 1n, N, N + 1n, 2n * N - 1n, -1n]) {
      for (const exponent of [odd, even]) {
        expect(nativeModPowN(base, exponent), `base ${base === N - 1n ? "N-1" : base}`).toBe(
          bigIntModPowN(base, exponent),
        );
      }
    }
  });

  it("agrees with the reference on quadratic non-residue bases, which some runtimes refuse as DH keys", () => {
    // 5 is a non-residue mod N; 2 (the generator) and 4 are residues. Node 22.23 refuses non-residues in
    // computeSecret, Node 24.22 accepts them: both paths are checked here whichever Node runs the test.
    expect(jacobi(5n, N)).toBe(-1);
    expect(jacobi(G, N)).toBe(1);
    expect(jacobi(N - 1n, N)).toBe(-1);
    let nonResidues = 0;
    for (let i = 0; i < 8; i++) {
      const base = toBigInt(randomBytes(N_BYTES - 1)) + 2n;
      if (jacobi(base, N) === -1) nonResidues++;
      for (const exponent of [Buffer.from([0x00, 0x07]), Buffer.from([0x01, 0x00]), randomBytes(32)]) {
        const expected = bigIntModPowN(base, exponent);
        expect(nativeModPowN(base, exponent)).toBe(expected);
        expect(dhModPowN(base, exponent, true)).toBe(expected);
      }
    }
    expect(nativeModPowN(5n, Buffer.from([3]))).toBe(125n);
    expect(dhModPowN(5n, Buffer.from([3]), true)).toBe(125n);
    expect(nonResidues, "random bases should include non-residues").toBeGreaterThan(0);
  });

  it("computes the Jacobi symbol as Euler's criterion does for N", () => {
    const q = (N - 1n) / 2n;
    for (let i = 0; i < 6; i++) {
      const a = toBigInt(randomBytes(N_BYTES - 1)) + 2n;
      const euler = bigIntModPowN(a, toBytes(q));
      expect(jacobi(a, N)).toBe(euler === 1n ? 1 : -1);
    }
    expect(jacobi(0n, N)).toBe(0);
    expect(jacobi(N, N)).toBe(0);
  });

  it("treats a zero or empty exponent as 1 and keeps exponents with leading zero bytes", () => {
    expect(nativeModPowN(12345n, Buffer.alloc(0))).toBe(1n);
    expect(nativeModPowN(12345n, Buffer.alloc(32))).toBe(1n);
    const e = Buffer.concat([Buffer.alloc(5), randomBytes(27)]);
    expect(nativeModPowN(G, e)).toBe(bigIntModPowN(G, e));
  });
});

describe("javaBytes (the clients' padHex)", () => {
  it("matches the library's padHex byte for byte", () => {
    const helper = cognitoJsHelper("AuthHub01");
    const samples = [
      Buffer.alloc(0),
      Buffer.from([0]),
      Buffer.from([0, 0, 0]),
      Buffer.from([0x7f]),
      Buffer.from([0x80]),
      Buffer.from([0x00, 0x80, 0x01]),
      Buffer.from([0x00, 0x00, 0x0f]),
      Buffer.from([0xff, 0xff]),
      toBytes(N),
    ];
    for (const s of samples) expect(javaBytes(s).toString("hex"), s.toString("hex")).toBe(helper.padHex(jsBig(s)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(javaBytes(buf).toString("hex")).toBe(helper.padHex(jsBig(buf)));
        expect(javaBytes(toBigInt(buf))).toEqual(javaBytes(buf));
      }),
      { numRuns: 300 },
    );
  });
});

describe("toBytes / toBigInt", () => {
  it("round-trips and pads to the requested length", () => {
    expect(toBytes(0n)).toEqual(Buffer.from([0]));
    expect(toBytes(0x0abcn)).toEqual(Buffer.from([0x0a, 0xbc]));
    expect(toBytes(0x0abcn, 4)).toEqual(Buffer.from([0, 0, 0x0a, 0xbc]));
    expect(() => toBytes(0x0abcden, 2)).toThrow(RangeError);
    expect(() => toBytes(-1n)).toThrow(RangeError);
    expect(toBigInt(Buffer.alloc(0))).toBe(0n);
    expect(toBigInt(toBytes(N, N_BYTES))).toBe(N);
  });
});

describe("K", () => {
  it("is SHA-256(0x00 | N | 0x02)", () => {
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.from([0]), toBytes(N, N_BYTES), Buffer.from([2])]))
      .digest("hex");
    expect(toBytes(K, 32).toString("hex")).toBe(expected);
  });
});
