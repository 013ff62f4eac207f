import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type GroupRow } from "../../test/support/fakes.js";
import { listGroups } from "./listGroups.js";

const p = pool();
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
    list: vi.fn(async () => ({ groups: [admins], ...(nextToken ? { nextToken } : {}) })),
    toGroupType: vi.fn((g: GroupRow) => ({ GroupName: g.name })),
  };
  return { groups, deps: fakeDeps(listGroups, { pools: { getPool: async () => p }, groups }) };
}

describe("ListGroups", () => {
  it("lists a page of 60 by default (Limit 0 too), without a NextToken on the last page", async () => {
    const { groups, deps } = setup();
    expect(await listGroups.handle(deps, { UserPoolId: p.id }, ctx)).toEqual({ Groups: [{ GroupName: "admins" }] });
    expect(groups.list).toHaveBeenLastCalledWith(p, 60, undefined);
    await listGroups.handle(deps, { UserPoolId: p.id, Limit: 0 }, ctx);
    expect(groups.list).toHaveBeenLastCalledWith(p, 60, undefined);
  });

  it("passes Limit and NextToken on, and answers the next page's token", async () => {
    const { groups, deps } = setup("next");
    const res = await listGroups.handle(deps, { UserPoolId: p.id, Limit: 1, NextToken: "this" }, ctx);
    expect(groups.list).toHaveBeenCalledWith(p, 1, "this");
    expect(res).toEqual({ Groups: [{ GroupName: "admins" }], NextToken: "next" });
  });
});
