import { describe, expect, it } from "vitest";
import type { GroupRow } from "../store/index.js";
import { groupClaims } from "./groups.js";

const g = (name: string, precedence: number | null, roleArn: string | null = null): GroupRow => ({
  poolId: "us-east-1_x",
  name,
  description: null,
  roleArn,
  precedence,
  createdAt: 0,
  updatedAt: 0,
});
const ROLE_A = "arn:aws:iam::123456789012:role/a";
const ROLE_B = "arn:aws:iam::123456789012:role/b";

describe("groupClaims", () => {
  it("adds no claim for a user without groups", () => {
    expect(groupClaims([])).toEqual({ id: {}, access: {} });
  });

  it("lists groups by precedence (none last), then name, in both tokens", () => {
    const c = groupClaims([g("zeta", null), g("beta", 5), g("alpha", 5), g("first", 0)]);
    expect(c.id["cognito:groups"]).toEqual(["first", "alpha", "beta", "zeta"]);
    expect(c.access).toEqual({ "cognito:groups": ["first", "alpha", "beta", "zeta"] });
    expect(c.id["cognito:roles"]).toBeUndefined();
    expect(c.id["cognito:preferred_role"]).toBeUndefined();
  });

  it("puts roles and the lowest-precedence group's role in the ID token only", () => {
    const c = groupClaims([g("admins", 1, ROLE_A), g("users", 9, ROLE_B), g("plain", 0)]);
    expect(c.id["cognito:roles"]).toEqual([ROLE_A, ROLE_B]);
    expect(c.id["cognito:preferred_role"]).toBe(ROLE_A);
    expect(c.access["cognito:roles"]).toBeUndefined();
  });

  it(
    "leaves the preferred role unset when groups tied at the lowest precedence have different roles, " +
      "and sets it when they agree",
    () => {
      expect(groupClaims([g("a", 1, ROLE_A), g("b", 1, ROLE_B)]).id["cognito:preferred_role"]).toBeUndefined();
      expect(groupClaims([g("a", 1, ROLE_A), g("b", 1, ROLE_A), g("c", 2, ROLE_B)]).id).toMatchObject({
        "cognito:preferred_role": ROLE_A,
        "cognito:roles": [ROLE_A, ROLE_B],
      });
    },
  );
});
