import { describe, expect, it, vi } from "vitest";
import type { ClientSettingsInput, PoolSettingsInput } from "../protocol/poolShapes.js";
import { client, ctx, fakeDeps, pool, secretHash, user, type UserRow } from "../../test/support/fakes.js";
import { signUp } from "./signUp.js";

const SUB = "33333333-3333-4333-8333-333333333333";
const CREDENTIALS = { srpSalt: "salt", verifierEnc: "verifier" };
const DELIVERY = { Destination: "b***@e***", DeliveryMedium: "EMAIL" as const, AttributeName: "email" };
const NO_TRIGGER = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
const EMAIL = { Name: "email", Value: "bob@example.com" };

function setup(
  o: { pool?: PoolSettingsInput; client?: ClientSettingsInput; pre?: Partial<typeof NO_TRIGGER>; secret?: string } = {},
) {
  const p = pool({ AutoVerifiedAttributes: ["email"], ...o.pool });
  const c = client(o.client);
  const users = {
    nameForNewUser: vi.fn((_p: unknown, typed: string) => ({ username: typed, impliedAttributes: {} })),
    create: vi.fn(async (_p: unknown, u: { id: string; username: string; status: UserRow["status"] }) =>
      user({ id: u.id, username: u.username, status: u.status }),
    ),
  };
  const passwords = { checkPolicy: vi.fn(), createCredentials: vi.fn(() => CREDENTIALS) };
  const triggers = { preSignUp: vi.fn(async () => ({ ...NO_TRIGGER, ...o.pre })) };
  const confirmation = { sendVerification: vi.fn(async () => DELIVERY) };
  // Threat protection: the breach-list check and the SignUp event (services/risk/).
  const threats = { checkNewPassword: vi.fn(async () => ({ compromised: false })), record: vi.fn(async () => {}) };
  const deps = fakeDeps(signUp, {
    pools: {
      getClient: async () => c,
      getPool: async () => p,
      clientSecrets: () => (o.secret === undefined ? [] : [o.secret]),
    },
    users,
    passwords,
    triggers,
    confirmation,
    threats,
    random: { uuid: () => SUB },
  });
  const call = (input: Partial<Parameters<typeof signUp.handle>[1]> = {}) =>
    signUp.handle(deps, { ClientId: c.id, Username: "bob", Password: "Passw0rd!", ...input }, ctx);
  return { p, c, users, passwords, triggers, confirmation, threats, call };
}

describe("SignUp", () => {
  it("is refused when only administrators may create users", async () => {
    const { users, call } = setup({ pool: { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } } });
    await expect(call()).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "SignUp is not permitted for this user pool",
    });
    expect(users.create).not.toHaveBeenCalled();
  });

  it("demands the secret hash of a client with a secret, over the typed name", async () => {
    const { c, call } = setup({ secret: "s3cret" });
    await expect(call()).rejects.toMatchObject({ code: "NotAuthorizedException" });
    await expect(call({ SecretHash: secretHash("s3cret", "bob", c.id) })).resolves.toMatchObject({
      UserSub: SUB,
    });
  });

  it("creates an unconfirmed user and sends the verification code to the e-mail", async () => {
    const { p, c, users, passwords, triggers, confirmation, threats, call } = setup();
    const res = await call({
      UserAttributes: [EMAIL],
      ValidationData: [{ Name: "captcha", Value: "ok" }, { Name: "empty" }],
      ClientMetadata: { k: "v" },
    });
    expect(users.nameForNewUser).toHaveBeenCalledWith(p, "bob", SUB);
    expect(passwords.checkPolicy).toHaveBeenCalledWith(p.settings.Policies.PasswordPolicy, "Passw0rd!", "SignUp");
    expect(threats.checkNewPassword).toHaveBeenCalledWith({ pool: p, clientId: c.id }, "SIGN_UP", "Passw0rd!");
    expect(triggers.preSignUp).toHaveBeenCalledWith({
      pool: p,
      client: c,
      clientMetadata: { k: "v" },
      source: "PreSignUp_SignUp",
      username: "bob",
      attributes: { email: "bob@example.com" },
      validationData: { captcha: "ok", empty: "" },
    });
    expect(passwords.createCredentials).toHaveBeenCalledWith(p.id, SUB, "bob", "Passw0rd!");
    expect(users.create).toHaveBeenCalledWith(p, {
      id: SUB,
      username: "bob",
      status: "UNCONFIRMED",
      attributes: { email: "bob@example.com" },
      credentials: CREDENTIALS,
    });
    expect(confirmation.sendVerification).toHaveBeenCalledWith({
      pool: p,
      client: c,
      clientMetadata: { k: "v" },
      user: expect.objectContaining({ id: SUB }),
      source: "CustomMessage_SignUp",
    });
    expect(res).toEqual({ UserConfirmed: false, UserSub: SUB, CodeDeliveryDetails: DELIVERY });
  });

  it("adds the attributes the sign-in name implies", async () => {
    const { users, call } = setup({ pool: { UsernameAttributes: ["email"] } });
    users.nameForNewUser.mockReturnValueOnce({ username: SUB, impliedAttributes: { email: "bob@example.com" } });
    await call({ Username: "bob@example.com" });
    expect(users.create).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ username: SUB, attributes: { email: "bob@example.com" } }),
    );
  });

  it("lets the client write only its WriteAttributes, and never the verified flags", async () => {
    const limited = setup({ client: { WriteAttributes: ["email"] } });
    await expect(limited.call({ UserAttributes: [{ Name: "name", Value: "Bob" }] })).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "A client attempted to write unauthorized attribute",
    });
    const flags = setup();
    await expect(flags.call({ UserAttributes: [{ Name: "email_verified", Value: "true" }] })).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(flags.users.create).not.toHaveBeenCalled();
  });

  it("refuses a user without an attribute the schema requires, before the password is checked", async () => {
    const { passwords, call } = setup({ pool: { Schema: [{ Name: "email", Required: true }] } });
    await expect(call()).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "Attributes did not conform to the schema: email: The attribute email is required",
    });
    expect(passwords.checkPolicy).not.toHaveBeenCalled();
  });

  it("confirms the user when PreSignUp says so, and sends no code", async () => {
    const { users, confirmation, call } = setup({ pre: { autoConfirmUser: true } });
    expect(await call({ UserAttributes: [EMAIL] })).toEqual({ UserConfirmed: true, UserSub: SUB });
    expect(users.create).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ status: "CONFIRMED" }));
    expect(confirmation.sendVerification).not.toHaveBeenCalled();
  });

  it("marks the e-mail and phone verified when PreSignUp says so, and only those present", async () => {
    const both = setup({ pre: { autoVerifyEmail: true, autoVerifyPhone: true } });
    await both.call({ UserAttributes: [EMAIL, { Name: "phone_number", Value: "+15555550100" }] });
    expect(both.users.create).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        attributes: {
          email: "bob@example.com",
          email_verified: "true",
          phone_number: "+15555550100",
          phone_number_verified: "true",
        },
      }),
    );
    const none = setup({ pre: { autoVerifyEmail: true, autoVerifyPhone: true } });
    await none.call();
    expect(none.users.create).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ attributes: {} }));
  });

  it("sends no code when e-mail is not auto-verified or the user has none", async () => {
    const off = setup({ pool: { AutoVerifiedAttributes: [] } });
    expect(await off.call({ UserAttributes: [EMAIL] })).toEqual({ UserConfirmed: false, UserSub: SUB });
    expect(off.confirmation.sendVerification).not.toHaveBeenCalled();
    const noEmail = setup();
    expect(await noEmail.call()).toEqual({ UserConfirmed: false, UserSub: SUB });
    expect(noEmail.confirmation.sendVerification).not.toHaveBeenCalled();
  });
});
