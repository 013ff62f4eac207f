import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type ResourceServerRow } from "../../test/support/fakes.js";
import { listResourceServers } from "./listResourceServers.js";

const p = pool();
const api: ResourceServerRow = { poolId: p.id, identifier: "api", name: "API", scopes: [], createdAt: 0, updatedAt: 0 };

function setup(nextToken?: string) {
  const pools = { getPool: vi.fn(async () => p) };
  const resourceServers = {
    list: vi.fn(async () => ({ servers: [api], ...(nextToken ? { nextToken } : {}) })),
    describe: vi.fn((r: ResourceServerRow) => ({ Identifier: r.identifier })),
  };
  return { pools, resourceServers, deps: fakeDeps(listResourceServers, { pools, resourceServers }) };
}

describe("ListResourceServers", () => {
  it("lists the pool's resource servers, 50 a page by default", async () => {
    const { pools, resourceServers, deps } = setup();
    expect(await listResourceServers.handle(deps, { UserPoolId: p.id }, ctx)).toEqual({
      ResourceServers: [{ Identifier: "api" }],
    });
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
    expect(resourceServers.list).toHaveBeenCalledWith(p.id, 50, undefined);
  });

  it("passes MaxResults and NextToken on, and answers the next page's token", async () => {
    const { resourceServers, deps } = setup("next");
    const res = await listResourceServers.handle(deps, { UserPoolId: p.id, MaxResults: 1, NextToken: "this" }, ctx);
    expect(resourceServers.list).toHaveBeenCalledWith(p.id, 1, "this");
    expect(res.NextToken).toBe("next");
  });
});
