import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, CLIENT_ID } from "../../test/support/fakes.js";
import { listUserPoolClientSecrets } from "./listUserPoolClientSecrets.js";

const p = pool();

// API reference, ListUserPoolClientSecrets.
describe("ListUserPoolClientSecrets", () => {
  it("answers the IDs and creation dates of the live secrets, never their values", async () => {
    const secrets = [
      { id: `${CLIENT_ID}--1000`, secretEnc: "v1.a", createdAt: 1000 },
      { id: `${CLIENT_ID}--2000`, secretEnc: "v1.b", createdAt: 2000 },
    ];
    const pools = { listClientSecrets: vi.fn(async () => secrets) };
    const deps = fakeDeps(listUserPoolClientSecrets, { pools });
    expect(await listUserPoolClientSecrets.handle(deps, { UserPoolId: p.id, ClientId: CLIENT_ID }, ctx)).toEqual({
      ClientSecrets: [
        { ClientSecretId: `${CLIENT_ID}--1000`, ClientSecretCreateDate: new Date(1000) },
        { ClientSecretId: `${CLIENT_ID}--2000`, ClientSecretCreateDate: new Date(2000) },
      ],
    });
    expect(pools.listClientSecrets).toHaveBeenCalledWith(p.id, CLIENT_ID);
  });

  it("refuses a NextToken, since no answer ever gives one", () => {
    const r = listUserPoolClientSecrets.input.safeParse({ UserPoolId: p.id, ClientId: CLIENT_ID, NextToken: "x" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain("NextToken is not valid");
  });
});
