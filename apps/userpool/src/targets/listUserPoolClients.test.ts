import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps } from "../../test/support/fakes.js";
import { listUserPoolClients } from "./listUserPoolClients.js";

const c = client();

function setup(nextToken?: string) {
  const pools = { listClients: vi.fn(async () => ({ clients: [c], ...(nextToken ? { nextToken } : {}) })) };
  return { pools, deps: fakeDeps(listUserPoolClients, { pools }) };
}

describe("ListUserPoolClients", () => {
  it("lists the pool's clients, 60 a page by default", async () => {
    const { pools, deps } = setup();
    expect(await listUserPoolClients.handle(deps, { UserPoolId: c.poolId }, ctx)).toEqual({
      UserPoolClients: [{ ClientId: c.id, UserPoolId: c.poolId, ClientName: "app" }],
    });
    expect(pools.listClients).toHaveBeenCalledWith(c.poolId, 60, undefined);
  });

  it("passes MaxResults and NextToken on, and answers the next page's token", async () => {
    const { pools, deps } = setup("next");
    const res = await listUserPoolClients.handle(deps, { UserPoolId: c.poolId, MaxResults: 1, NextToken: "this" }, ctx);
    expect(pools.listClients).toHaveBeenCalledWith(c.poolId, 1, "this");
    expect(res.NextToken).toBe("next");
  });
});
