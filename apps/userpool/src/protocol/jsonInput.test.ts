import { describe, expect, it } from "vitest";
import { JsonTooDeep, MAX_JSON_DEPTH, plainJson } from "./jsonInput.js";

const nested = (n: number): unknown => JSON.parse("[".repeat(n) + "]".repeat(n));

describe("plainJson", () => {
  it("accepts MAX_JSON_DEPTH levels and refuses one more, however deep, without overflowing the stack", () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(plainJson(nested(32), { dropNullMembers: true })).toEqual(nested(32));
    for (const n of [33, 10_000, 100_000])
      expect(() => plainJson(nested(n), { dropNullMembers: true })).toThrow(JsonTooDeep);
  });

  it("never copies __proto__, constructor or prototype keys, at any level", () => {
    const input = JSON.parse(
      '{"a":{"__proto__":{"x":1},"constructor":{"prototype":{"x":1}},"prototype":1,' +
        '"b":[{"__proto__":{"x":1},"c":2}]},"__proto__":{"x":1}}',
    );
    const out = plainJson(input, { dropNullMembers: false }) as any;
    expect(out).toEqual({ a: { b: [{ c: 2 }] } });
    for (const o of [out, out.a, out.a.b[0]]) {
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(o.x).toBeUndefined();
    }
    expect(({} as any).x).toBeUndefined();
  });

  it(
    "drops null members when asked (AWS JSON), keeps nulls in lists, " +
      "and keeps them all otherwise (trigger answers)",
    () => {
      const input = { a: null, b: [null, { c: null, d: 1 }], e: { f: null } };
      expect(plainJson(input, { dropNullMembers: true })).toEqual({ b: [null, { d: 1 }], e: {} });
      expect(plainJson(input, { dropNullMembers: false })).toEqual(input);
    },
  );
});
