import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps } from "../../test/support/fakes.js";
import { createUserPoolClient } from "./createUserPoolClient.js";

const c = client();
const POOL = "us-east-1_TestPool1";

function setup() {
  const pools = { createClient: vi.fn(async () => c), describeClient: vi.fn(() => ({ ClientId: c.id })) };
  return { pools, deps: fakeDeps(createUserPoolClient, { pools }) };
}

describe("CreateUserPoolClient", () => {
  it("creates a client without a secret from the settings", async () => {
    const { pools, deps } = setup();
    const res = await createUserPoolClient.handle(
      deps,
      { UserPoolId: POOL, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] },
      ctx,
    );
    expect(pools.createClient).toHaveBeenCalledWith(POOL, "app", { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] }, {});
    expect(pools.describeClient).toHaveBeenCalledWith(c);
    expect(res).toEqual({ UserPoolClient: { ClientId: c.id } });
  });

  it("generates a secret, or takes the one given, when GenerateSecret is true", async () => {
    const { pools, deps } = setup();
    await createUserPoolClient.handle(deps, { UserPoolId: POOL, ClientName: "app", GenerateSecret: true }, ctx);
    expect(pools.createClient).toHaveBeenLastCalledWith(POOL, "app", {}, { generateSecret: true });
    const secret = "s".repeat(24);
    await createUserPoolClient.handle(
      deps,
      { UserPoolId: POOL, ClientName: "app", GenerateSecret: true, ClientSecret: secret },
      ctx,
    );
    expect(pools.createClient).toHaveBeenLastCalledWith(POOL, "app", {}, { generateSecret: true, secret });
  });

  it.each([undefined, false])("refuses a ClientSecret when GenerateSecret is %s", async (GenerateSecret) => {
    const { pools, deps } = setup();
    await expect(
      createUserPoolClient.handle(
        deps,
        {
          UserPoolId: POOL,
          ClientName: "app",
          ClientSecret: "s".repeat(24),
          ...(GenerateSecret === undefined ? {} : { GenerateSecret }),
        },
        ctx,
      ),
    ).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "ClientSecret can only be set when GenerateSecret is true.",
    });
    expect(pools.createClient).not.toHaveBeenCalled();
  });
});
