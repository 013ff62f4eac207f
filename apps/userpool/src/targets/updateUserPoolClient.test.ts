import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps } from "../../test/support/fakes.js";
import { updateUserPoolClient } from "./updateUserPoolClient.js";

const c = client();

function setup() {
  const pools = { updateClient: vi.fn(async () => c), describeClient: vi.fn(() => ({ ClientId: c.id })) };
  return { pools, deps: fakeDeps(updateUserPoolClient, { pools }) };
}

describe("UpdateUserPoolClient", () => {
  it("updates the settings and the name", async () => {
    const { pools, deps } = setup();
    const res = await updateUserPoolClient.handle(
      deps,
      { UserPoolId: c.poolId, ClientId: c.id, ClientName: "renamed", AuthSessionValidity: 5 },
      ctx,
    );
    expect(pools.updateClient).toHaveBeenCalledWith(c.poolId, c.id, { AuthSessionValidity: 5 }, { name: "renamed" });
    expect(res).toEqual({ UserPoolClient: { ClientId: c.id } });
  });

  it("keeps the name when ClientName is absent", async () => {
    const { pools, deps } = setup();
    await updateUserPoolClient.handle(deps, { UserPoolId: c.poolId, ClientId: c.id }, ctx);
    expect(pools.updateClient).toHaveBeenCalledWith(c.poolId, c.id, {}, {});
  });
});
