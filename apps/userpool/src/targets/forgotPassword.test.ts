import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { forgotPassword } from "./forgotPassword.js";

const p = pool();
const c = client();
const DELIVERY = { Destination: "a***@e***", DeliveryMedium: "EMAIL" as const, AttributeName: "email" };

function setup() {
  const pools = { getClient: vi.fn(async () => c), getPool: vi.fn(async () => p) };
  const passwordReset = { forgotPassword: vi.fn(async () => DELIVERY) };
  return { pools, passwordReset, deps: fakeDeps(forgotPassword, { pools, passwordReset }) };
}

describe("ForgotPassword", () => {
  it("starts a reset in the client's pool and answers where the code went", async () => {
    const { deps, pools, passwordReset } = setup();
    expect(await forgotPassword.handle(deps, { ClientId: c.id, Username: "alice" }, ctx)).toEqual({
      CodeDeliveryDetails: DELIVERY,
    });
    expect(pools.getClient).toHaveBeenCalledWith(c.id);
    expect(pools.getPool).toHaveBeenCalledWith(c.poolId);
    expect(passwordReset.forgotPassword).toHaveBeenCalledWith({ pool: p, client: c, username: "alice" });
  });

  it("passes the secret hash and ClientMetadata on", async () => {
    const { deps, passwordReset } = setup();
    await forgotPassword.handle(
      deps,
      { ClientId: c.id, Username: "alice", SecretHash: "hash", ClientMetadata: { k: "v" } },
      ctx,
    );
    expect(passwordReset.forgotPassword).toHaveBeenCalledWith({
      pool: p,
      client: c,
      username: "alice",
      secretHash: "hash",
      clientMetadata: { k: "v" },
    });
  });
});
