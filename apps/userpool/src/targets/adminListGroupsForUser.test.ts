import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user, type GroupRow } from "../../test/support/fakes.js";
import { adminListGroupsForUser } from "./adminListGroupsForUser.js";

const p = pool();
const u = user();
const admins: GroupRow = {
  poolId: p.id,
  name: "admins",
  description: null,
  roleArn: null,
  precedence: null,
  createdAt: 0,
  updatedAt: 0,
};

function setup(nextToken?: string) {
  const groups = {
    groupsOf: vi.fn(async () => ({ groups: [admins], ...(nextToken ? { nextToken } : {}) })),
    toGroupType: vi.fn((g: GroupRow) => ({ GroupName: g.name })),
  };
  const users = { get: vi.fn(async () => u) };
  return {
    groups,
    users,
    deps: fakeDeps(adminListGroupsForUser, { pools: { getPool: async () => p }, users, groups }),
  };
}

describe("AdminListGroupsForUser", () => {
  it("lists the user's groups, 60 a page by default (Limit 0 too)", async () => {
    const { groups, users, deps } = setup();
    const res = await adminListGroupsForUser.handle(deps, { UserPoolId: p.id, Username: "alice" }, ctx);
    expect(res).toEqual({ Groups: [{ GroupName: "admins" }] });
    expect(users.get).toHaveBeenCalledWith(p, "alice");
    expect(groups.groupsOf).toHaveBeenLastCalledWith(p, u, 60, undefined);
    await adminListGroupsForUser.handle(deps, { UserPoolId: p.id, Username: "alice", Limit: 0 }, ctx);
    expect(groups.groupsOf).toHaveBeenLastCalledWith(p, u, 60, undefined);
  });

  it("passes Limit and NextToken on, and answers the next page's token", async () => {
    const { groups, deps } = setup("next");
    const res = await adminListGroupsForUser.handle(
      deps,
      { UserPoolId: p.id, Username: "alice", Limit: 1, NextToken: "this" },
      ctx,
    );
    expect(groups.groupsOf).toHaveBeenCalledWith(p, u, 1, "this");
    expect(res).toEqual({ Groups: [{ GroupName: "admins" }], NextToken: "next" });
  });
});
