import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool, secretHash, user, type UserRow } from "../../test/support/fakes.js";
import { confirmSignUp } from "./confirmSignUp.js";

const p = pool();
const unconfirmed = user({ status: "UNCONFIRMED" });

function setup(o: { found?: UserRow; hide?: boolean; secret?: string } = {}) {
  const c = client({ PreventUserExistenceErrors: o.hide ? "ENABLED" : "LEGACY" });
  const quotas = { consume: vi.fn(async () => {}) };
  const existence = { unknownSubject: vi.fn(() => "n:unknown") };
  const codes = { consume: vi.fn(async () => {}) };
  const confirmation = { confirmSignUp: vi.fn(async () => user()) };
  const deps = fakeDeps(confirmSignUp, {
    pools: {
      getClient: async () => c,
      getPool: async () => p,
      clientSecrets: () => (o.secret === undefined ? [] : [o.secret]),
    },
    users: { resolve: async () => o.found },
    quotas,
    existence,
    codes,
    confirmation,
  });
  const call = (
    Username = "alice",
    extra: { SecretHash?: string; ForceAliasCreation?: boolean; ClientMetadata?: Record<string, string> } = {},
  ) => confirmSignUp.handle(deps, { ClientId: c.id, Username, ConfirmationCode: "123456", ...extra }, ctx);
  return { c, quotas, existence, codes, confirmation, call };
}

describe("ConfirmSignUp", () => {
  it("confirms the user with the code, counted against the user's quota", async () => {
    const { c, quotas, confirmation, call } = setup({ found: unconfirmed });
    expect(await call()).toEqual({});
    expect(quotas.consume).toHaveBeenCalledWith(p, `u:${unconfirmed.id}`, "ConfirmSignUp");
    expect(confirmation.confirmSignUp).toHaveBeenCalledWith({ pool: p, client: c, user: unconfirmed, code: "123456" });
  });

  it("passes ForceAliasCreation and ClientMetadata on", async () => {
    const { confirmation, call } = setup({ found: unconfirmed });
    await call("alice", { ForceAliasCreation: true, ClientMetadata: { k: "v" } });
    expect(confirmation.confirmSignUp).toHaveBeenCalledWith(
      expect.objectContaining({ forceAliasCreation: true, clientMetadata: { k: "v" } }),
    );
  });

  it("leaves ForceAliasCreation false out", async () => {
    const { confirmation, call } = setup({ found: unconfirmed });
    await call("alice", { ForceAliasCreation: false });
    expect(confirmation.confirmSignUp).toHaveBeenCalledWith(
      expect.not.objectContaining({ forceAliasCreation: expect.anything() }),
    );
  });

  it("accepts a secret hash over the typed name or the stored username", async () => {
    const { c, call } = setup({ found: unconfirmed, secret: "s3cret" });
    await expect(call("a@example.com")).rejects.toMatchObject({ code: "NotAuthorizedException" });
    await expect(call("a@example.com", { SecretHash: secretHash("s3cret", "alice", c.id) })).resolves.toEqual({});
    await expect(call("a@example.com", { SecretHash: secretHash("s3cret", "a@example.com", c.id) })).resolves.toEqual(
      {},
    );
  });

  it("checks the secret hash of an unknown name over that name", async () => {
    const { c, call } = setup({ hide: true, secret: "s3cret" });
    await expect(call("nobody", { SecretHash: secretHash("s3cret", "alice", c.id) })).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${c.id}`,
    });
    await expect(call("nobody", { SecretHash: secretHash("s3cret", "nobody", c.id) })).rejects.toMatchObject({
      code: "CodeMismatchException",
    });
  });

  it("tells an unknown user apart by default", async () => {
    const { quotas, call } = setup();
    await expect(call("nobody")).rejects.toMatchObject({
      code: "UserNotFoundException",
      message: "Username/client id combination not found.",
    });
    expect(quotas.consume).not.toHaveBeenCalled();
  });

  it("with PreventUserExistenceErrors, answers an unknown user as a wrong code after the same work", async () => {
    const { quotas, existence, codes, confirmation, call } = setup({ hide: true });
    await expect(call("nobody")).rejects.toMatchObject({ code: "CodeMismatchException" });
    expect(existence.unknownSubject).toHaveBeenCalledWith(p, "nobody");
    expect(quotas.consume).toHaveBeenCalledWith(p, "n:unknown", "ConfirmSignUp");
    expect(codes.consume).toHaveBeenCalledWith(p.id, "n:unknown", "SIGN_UP", "123456");
    expect(confirmation.confirmSignUp).not.toHaveBeenCalled();
  });
});
