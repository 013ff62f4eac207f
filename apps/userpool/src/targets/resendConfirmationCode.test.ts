import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool, secretHash, user, type UserRow } from "../../test/support/fakes.js";
import { resendConfirmationCode } from "./resendConfirmationCode.js";

const DELIVERY = { Destination: "a***@e***", DeliveryMedium: "EMAIL" as const, AttributeName: "email" };
const SIMULATED = { Destination: "x***@y***", DeliveryMedium: "EMAIL" as const, AttributeName: "email" };
const unconfirmed = user({ status: "UNCONFIRMED" });

function setup(o: { found?: UserRow; hide?: boolean; autoVerify?: boolean; secret?: string } = {}) {
  const p = pool({ AutoVerifiedAttributes: o.autoVerify === false ? [] : ["email"] });
  const c = client({ PreventUserExistenceErrors: o.hide ? "ENABLED" : "LEGACY" });
  const users = { resolve: vi.fn(async () => o.found) };
  const quotas = { consume: vi.fn(async () => {}) };
  const existence = {
    unknownSubject: vi.fn(() => "n:unknown"),
    simulateCodeIssue: vi.fn(),
    simulatedDelivery: vi.fn(() => SIMULATED),
  };
  const confirmation = { sendVerification: vi.fn(async () => DELIVERY) };
  const threats = { record: vi.fn(async () => {}) };
  const deps = fakeDeps(resendConfirmationCode, {
    pools: {
      getClient: async () => c,
      getPool: async () => p,
      clientSecrets: () => (o.secret === undefined ? [] : [o.secret]),
    },
    users,
    quotas,
    existence,
    confirmation,
    threats,
  });
  const call = (Username = "alice", extra: { SecretHash?: string; ClientMetadata?: Record<string, string> } = {}) =>
    resendConfirmationCode.handle(deps, { ClientId: c.id, Username, ...extra }, ctx);
  return { p, c, users, quotas, existence, confirmation, call };
}

describe("ResendConfirmationCode", () => {
  it("sends a new code to an unconfirmed user, counted against the user's quota", async () => {
    const { p, c, quotas, confirmation, call } = setup({ found: unconfirmed });
    expect(await call("alice", { ClientMetadata: { k: "v" } })).toEqual({ CodeDeliveryDetails: DELIVERY });
    expect(quotas.consume).toHaveBeenCalledWith(p, `u:${unconfirmed.id}`, "ResendConfirmationCode");
    expect(confirmation.sendVerification).toHaveBeenCalledWith({
      pool: p,
      client: c,
      user: unconfirmed,
      source: "CustomMessage_ResendCode",
      clientMetadata: { k: "v" },
    });
  });

  it("accepts a secret hash over the stored username as well as the typed one", async () => {
    const { c, call } = setup({ found: unconfirmed, secret: "s3cret" });
    await expect(call("Alice@example.com")).rejects.toMatchObject({ code: "NotAuthorizedException" });
    const overStored = secretHash("s3cret", "alice", c.id);
    await expect(call("Alice@example.com", { SecretHash: overStored })).resolves.toEqual({
      CodeDeliveryDetails: DELIVERY,
    });
    const overTyped = secretHash("s3cret", "Alice@example.com", c.id);
    await expect(call("Alice@example.com", { SecretHash: overTyped })).resolves.toBeDefined();
  });

  it("checks the secret hash of an unknown name over that name", async () => {
    const { c, call } = setup({ hide: true, secret: "s3cret" });
    await expect(call("nobody", { SecretHash: secretHash("s3cret", "alice", c.id) })).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${c.id}`,
    });
    await expect(call("nobody", { SecretHash: secretHash("s3cret", "nobody", c.id) })).resolves.toEqual({
      CodeDeliveryDetails: SIMULATED,
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

  it("with PreventUserExistenceErrors, simulates a delivery to an unknown user, counted like a real one", async () => {
    const { p, quotas, existence, confirmation, call } = setup({ hide: true });
    expect(await call("nobody")).toEqual({ CodeDeliveryDetails: SIMULATED });
    expect(existence.unknownSubject).toHaveBeenCalledWith(p, "nobody");
    expect(quotas.consume).toHaveBeenCalledWith(p, "n:unknown", "ResendConfirmationCode");
    expect(existence.simulateCodeIssue).toHaveBeenCalledWith(p, "nobody", "SIGN_UP");
    expect(existence.simulatedDelivery).toHaveBeenCalledWith(p, "nobody");
    expect(confirmation.sendVerification).not.toHaveBeenCalled();
  });

  it("refuses a disabled user by default, and hides one with PreventUserExistenceErrors", async () => {
    const disabled = user({ status: "UNCONFIRMED", enabled: false });
    await expect(setup({ found: disabled }).call()).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "User is disabled.",
    });
    const hidden = setup({ found: disabled, hide: true });
    expect(await hidden.call()).toEqual({ CodeDeliveryDetails: SIMULATED });
    expect(hidden.confirmation.sendVerification).not.toHaveBeenCalled();
  });

  it("refuses a confirmed user by default, and hides one with PreventUserExistenceErrors", async () => {
    await expect(setup({ found: user() }).call()).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "User is already confirmed.",
    });
    const hidden = setup({ found: user(), hide: true });
    expect(await hidden.call()).toEqual({ CodeDeliveryDetails: SIMULATED });
    expect(hidden.existence.simulateCodeIssue).toHaveBeenCalledWith(hidden.p, "alice", "SIGN_UP");
    expect(hidden.confirmation.sendVerification).not.toHaveBeenCalled();
  });

  it("refuses when e-mail is not auto-verified or the user has no e-mail", async () => {
    const error = { code: "InvalidParameterException", message: "Auto verification not turned on." };
    await expect(setup({ found: unconfirmed, autoVerify: false }).call()).rejects.toMatchObject(error);
    await expect(setup({ found: user({ status: "UNCONFIRMED", attributes: {} }) }).call()).rejects.toMatchObject(error);
  });
});
