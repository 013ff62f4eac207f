import { describe, expect, it } from "vitest";
import { buildFilter, FILTER_ATTRIBUTES, quoteFilterValue } from "./filter";

// The userpool's own parser (apps/userpool/src/targets/listUsers.ts FILTER): what a produced string must match.
const SERVER_FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/u;
const serverReads = (filter: string) => {
  const [, name, op, quoted] = SERVER_FILTER.exec(filter) ?? [];
  return { name, op, value: quoted?.replace(/\\(.)/gu, "$1") };
};

describe("buildFilter", () => {
  it("writes the exact operator", () => {
    expect(buildFilter({ attribute: "email", operator: "=", value: "ana@example.com" })).toBe(
      'email = "ana@example.com"',
    );
  });

  it("writes the prefix operator", () => {
    expect(buildFilter({ attribute: "given_name", operator: "^=", value: "An" })).toBe('given_name ^= "An"');
  });

  it("is empty (every user) for an empty value", () => {
    expect(buildFilter({ attribute: "email", operator: "^=", value: "" })).toBe("");
  });

  it("keeps spaces and leading blanks inside the quotes", () => {
    expect(buildFilter({ attribute: "name", operator: "=", value: " Ana Lima " })).toBe('name = " Ana Lima "');
  });

  it("escapes a double quote and a backslash", () => {
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue("a\\b")).toBe('"a\\\\b"');
    // A trailing backslash must not escape the closing quote.
    expect(quoteFilterValue("end\\")).toBe('"end\\\\"');
    expect(quoteFilterValue('\\"')).toBe('"\\\\\\""');
  });

  it("produces what the server parses back to the same attribute, operator and value, for every attribute", () => {
    const values = ["plain", 'quo"te', "back\\slash", 'both \\" mixed', "ünïcødé ✓", "\\", '"'];
    for (const attribute of FILTER_ATTRIBUTES)
      for (const operator of ["=", "^="] as const)
        for (const value of values) {
          const filter = buildFilter({ attribute, operator, value });
          expect(serverReads(filter)).toEqual({ name: attribute, op: operator, value });
        }
  });
});
