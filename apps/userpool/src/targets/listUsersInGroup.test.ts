import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user, type UserRow } from "../../test/support/fakes.js";
import { listUsersInGroup } from "./listUsersInGroup.js";

const p = pool();
const u = user();

function setup(nextToken?: string) {
  const groups = { members: vi.fn(async () => ({ users: [u], ...(nextToken ? { nextToken } : {}) })) };
  const users = { toUserType: vi.fn((x: UserRow) => ({ Username: x.username })) };
  return { groups, deps: fakeDeps(listUsersInGroup, { pools: { getPool: async () => p }, users, groups }) };
}

describe("ListUsersInGroup", () => {
  it("lists the group's members, 60 a page by default (Limit 0 too)", async () => {
    const { groups, deps } = setup();
    const res = await listUsersInGroup.handle(deps, { UserPoolId: p.id, GroupName: "admins" }, ctx);
    expect(res).toEqual({ Users: [{ Username: "alice" }] });
    expect(groups.members).toHaveBeenLastCalledWith(p, "admins", 60, undefined);
    await listUsersInGroup.handle(deps, { UserPoolId: p.id, GroupName: "admins", Limit: 0 }, ctx);
    expect(groups.members).toHaveBeenLastCalledWith(p, "admins", 60, undefined);
  });

  it("passes Limit and NextToken on, and answers the next page's token", async () => {
    const { groups, deps } = setup("next");
    const res = await listUsersInGroup.handle(
      deps,
      { UserPoolId: p.id, GroupName: "admins", Limit: 1, NextToken: "this" },
      ctx,
    );
    expect(groups.members).toHaveBeenCalledWith(p, "admins", 1, "this");
    expect(res).toEqual({ Users: [{ Username: "alice" }], NextToken: "next" });
  });
});
