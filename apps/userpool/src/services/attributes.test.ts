import { describe, expect, it } from "vitest";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import type { PoolSettingsInput } from "../protocol/poolShapes.js";
import { parseAttributes } from "./attributes.js";
import { normalizePoolSettings } from "./poolSettings.js";
import type { Pool } from "./pools.js";

const pool = (Schema: PoolSettingsInput["Schema"]): Pool => ({
  id: "us-east-1_Schema001",
  name: "p",
  settings: normalizePoolSettings({ Schema }, "us-east-1"),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const SCHEMA: PoolSettingsInput["Schema"] = [
  { Name: "tenant", AttributeDataType: "String", Mutable: false },
  { Name: "code", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "2", MaxLength: "4" } },
  { Name: "age", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "18", MaxValue: "120" } },
  { Name: "vip", AttributeDataType: "Boolean" },
  { Name: "nickname", Mutable: false },
];
const p = pool(SCHEMA);
const parse = (Name: string, Value: string, update = false) =>
  parseAttributes(p, [{ Name, Value }], { allowVerifiedFlags: true, update });

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterException);
    return (e as Error).message;
  }
  throw new Error("expected InvalidParameterException");
}

describe("the pool's Schema rules are honoured", () => {
  it("an immutable attribute is written when the user is created, never after", () => {
    expect(parse("custom:tenant", "acme")).toEqual({ "custom:tenant": "acme" });
    expect(refusal(() => parse("custom:tenant", "other", true))).toBe(
      "Cannot modify an immutable attribute: custom:tenant",
    );
    expect(refusal(() => parse("nickname", "bob", true))).toBe("Cannot modify an immutable attribute: nickname");
    expect(parse("custom:code", "abc", true)).toEqual({ "custom:code": "abc" });
  });

  it("string length constraints", () => {
    expect(parse("custom:code", "ab")).toEqual({ "custom:code": "ab" });
    expect(refusal(() => parse("custom:code", "a"))).toBe(
      "Attributes did not conform to the schema: custom:code: String must be no shorter than 2 characters",
    );
    expect(refusal(() => parse("custom:code", "abcde"))).toBe(
      "Attributes did not conform to the schema: custom:code: String must be no longer than 4 characters",
    );
  });

  it("number type and range", () => {
    expect(parse("custom:age", "18")).toEqual({ "custom:age": "18" });
    expect(refusal(() => parse("custom:age", "eighteen"))).toMatch(/custom:age: Number must be an integer$/);
    expect(refusal(() => parse("custom:age", "17"))).toMatch(/custom:age: Number must be no less than 18$/);
    expect(refusal(() => parse("custom:age", "121"))).toMatch(/custom:age: Number must be no greater than 120$/);
  });

  it("boolean type", () => {
    expect(parse("custom:vip", "true")).toEqual({ "custom:vip": "true" });
    expect(refusal(() => parse("custom:vip", "yes"))).toMatch(/custom:vip: Boolean must be "true" or "false"$/);
  });
});

describe("Schema members this server cannot honour are refused", () => {
  it("DeveloperOnlyAttribute and DateTime", () => {
    expect(refusal(() => pool([{ Name: "secret", DeveloperOnlyAttribute: true }]))).toContain(
      "Schema secret: DeveloperOnlyAttribute true (developer-only attributes) is not supported by this server.",
    );
    expect(refusal(() => pool([{ Name: "when", AttributeDataType: "DateTime" }]))).toContain(
      "Schema when: AttributeDataType DateTime is not supported by this server.",
    );
  });
});
