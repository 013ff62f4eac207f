import { describe, expect, it, vi } from "vitest";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, CLIENT_ID } from "../../test/support/fakes.js";
import { deleteUserPoolClientSecret } from "./deleteUserPoolClientSecret.js";

const p = pool();
const req = { UserPoolId: p.id, ClientId: CLIENT_ID, ClientSecretId: `${CLIENT_ID}--1000` };

// API reference, DeleteUserPoolClientSecret.
describe("DeleteUserPoolClientSecret", () => {
  it("deletes the named secret and answers nothing", async () => {
    const pools = { deleteClientSecret: vi.fn(async () => {}) };
    expect(await deleteUserPoolClientSecret.handle(fakeDeps(deleteUserPoolClientSecret, { pools }), req, ctx)).toEqual(
      {},
    );
    expect(pools.deleteClientSecret).toHaveBeenCalledWith(p.id, CLIENT_ID, `${CLIENT_ID}--1000`);
  });

  it("passes on the refusal to delete the last secret", async () => {
    const refusal = new InvalidParameterException("last secret");
    const pools = { deleteClientSecret: vi.fn(async () => Promise.reject(refusal)) };
    await expect(
      deleteUserPoolClientSecret.handle(fakeDeps(deleteUserPoolClientSecret, { pools }), req, ctx),
    ).rejects.toBe(refusal);
  });
});
