import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, CLIENT_ID } from "../../test/support/fakes.js";
import { addUserPoolClientSecret } from "./addUserPoolClientSecret.js";

const p = pool();
const secret = { id: `${CLIENT_ID}--1700000000000`, secretEnc: "v1.sealed", createdAt: 1700000000000 };

function setup() {
  const pools = {
    addClientSecret: vi.fn(async (_p: string, _c: string, given?: string) => ({
      secret,
      value: given ?? "generatedsecret0123456789abcdef",
    })),
  };
  return { pools, deps: fakeDeps(addUserPoolClientSecret, { pools }) };
}

// API reference, AddUserPoolClientSecret; ClientSecretDescriptorType.
describe("AddUserPoolClientSecret", () => {
  it("answers a generated secret's value with its ID and creation date", async () => {
    const { pools, deps } = setup();
    expect(await addUserPoolClientSecret.handle(deps, { UserPoolId: p.id, ClientId: CLIENT_ID }, ctx)).toEqual({
      ClientSecretDescriptor: {
        ClientSecretId: secret.id,
        ClientSecretValue: "generatedsecret0123456789abcdef",
        ClientSecretCreateDate: new Date(secret.createdAt),
      },
    });
    expect(pools.addClientSecret).toHaveBeenCalledWith(p.id, CLIENT_ID, undefined);
  });

  it("never answers a secret the caller gave", async () => {
    const { pools, deps } = setup();
    const given = "my_own_secret_0123456789abcdef";
    const res = await addUserPoolClientSecret.handle(
      deps,
      { UserPoolId: p.id, ClientId: CLIENT_ID, ClientSecret: given },
      ctx,
    );
    expect(res.ClientSecretDescriptor).toEqual({
      ClientSecretId: secret.id,
      ClientSecretCreateDate: new Date(secret.createdAt),
    });
    expect(pools.addClientSecret).toHaveBeenCalledWith(p.id, CLIENT_ID, given);
  });

  it("takes secrets of 24 to 64 word characters or +", () => {
    const parse = (ClientSecret: string) =>
      addUserPoolClientSecret.input.safeParse({ UserPoolId: p.id, ClientId: CLIENT_ID, ClientSecret }).success;
    expect(parse("a".repeat(24))).toBe(true);
    expect(parse("a+b_".repeat(16))).toBe(true);
    expect(parse("a".repeat(23))).toBe(false);
    expect(parse("a".repeat(65))).toBe(false);
    expect(parse(`${"a".repeat(24)}=`)).toBe(false);
  });
});
