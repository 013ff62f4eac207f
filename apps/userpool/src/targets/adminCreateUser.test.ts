import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../clock.js";
import { AliasExistsException, UsernameExistsException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, user, type UserRow } from "../../test/support/fakes.js";
import { adminCreateUser } from "./adminCreateUser.js";

const SUB = "22222222-2222-4222-8222-222222222222";
const CREDENTIALS = { srpSalt: "salt", verifierEnc: "verifier" };
const NO_TRIGGER = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

function setup(o: { p?: ReturnType<typeof pool>; existing?: UserRow; pre?: Partial<typeof NO_TRIGGER> } = {}) {
  const p = o.p ?? pool();
  const clock = new ManualClock(1_700_000_000_000);
  const users = {
    get: vi.fn(async () => o.existing ?? user()),
    update: vi.fn(
      async (_p: unknown, u: UserRow, patch: Partial<UserRow>): Promise<UserRow | undefined> => ({
        ...u,
        ...patch,
      }),
    ),
    nameForNewUser: vi.fn((_p: unknown, typed: string) => ({ username: typed, impliedAttributes: {} })),
    create: vi.fn(async (_p: unknown, u: { id: string; username: string; attributes: Record<string, string> }) =>
      user({ id: u.id, username: u.username, status: "FORCE_CHANGE_PASSWORD", attributes: u.attributes }),
    ),
    takeAlias: vi.fn(async () => {}),
    toUserType: vi.fn((u: UserRow) => ({ Username: u.username, UserStatus: u.status })),
  };
  const passwords = {
    checkPolicy: vi.fn(),
    generateTemporaryPassword: vi.fn(() => "Generated1!"),
    createCredentials: vi.fn(() => CREDENTIALS),
  };
  const messages = { sendInvitation: vi.fn(async () => {}) };
  const triggers = { preSignUp: vi.fn(async () => ({ ...NO_TRIGGER, ...o.pre })) };
  const deps = fakeDeps(adminCreateUser, {
    pools: { getPool: async () => p },
    users,
    passwords,
    messages,
    triggers,
    random: { uuid: () => SUB },
    clock,
  });
  return { p, deps, users, passwords, messages, triggers, clock };
}

const create = (deps: ReturnType<typeof setup>["deps"], input: Partial<Parameters<typeof adminCreateUser.handle>[1]>) =>
  adminCreateUser.handle(deps, { UserPoolId: "us-east-1_TestPool1", Username: "bob", ...input }, ctx);

describe("AdminCreateUser: the temporary password", () => {
  it("checks a given temporary password against the policy and uses it", async () => {
    const { p, deps, passwords } = setup();
    await create(deps, { TemporaryPassword: "Given1!x" });
    expect(passwords.checkPolicy).toHaveBeenCalledWith(p.settings.Policies.PasswordPolicy, "Given1!x", "other");
    expect(passwords.generateTemporaryPassword).not.toHaveBeenCalled();
    expect(passwords.createCredentials).toHaveBeenCalledWith(p.id, SUB, "bob", "Given1!x");
  });

  it("generates one under the policy when none is given", async () => {
    const { p, deps, passwords, messages } = setup();
    await create(deps, { UserAttributes: [{ Name: "email", Value: "bob@example.com" }] });
    expect(passwords.checkPolicy).not.toHaveBeenCalled();
    expect(passwords.generateTemporaryPassword).toHaveBeenCalledWith(p.settings.Policies.PasswordPolicy);
    expect(messages.sendInvitation).toHaveBeenCalledWith(expect.objectContaining({ temporaryPassword: "Generated1!" }));
  });
});

describe("AdminCreateUser: the invitation", () => {
  type Mediums = ("SMS" | "EMAIL")[];
  const BOTH = [
    { Name: "email", Value: "bob@example.com" },
    { Name: "phone_number", Value: "+15555550100" },
  ];
  it.each([
    [
      "no MessageAction or medium (a user with an e-mail only)",
      ["EMAIL"],
      { UserAttributes: [{ Name: "email", Value: "bob@example.com" }] },
    ],
    ["EMAIL and SMS", ["SMS", "EMAIL"], { UserAttributes: BOTH, DesiredDeliveryMediums: ["SMS", "EMAIL"] as Mediums }],
    ["SMS only", ["SMS"], { UserAttributes: BOTH, DesiredDeliveryMediums: ["SMS"] as Mediums }],
    [
      "MessageAction SUPPRESS",
      undefined,
      { MessageAction: "SUPPRESS" as const, DesiredDeliveryMediums: ["SMS"] as Mediums },
    ],
  ])("with %s: sent by %j", async (_, mediums, input) => {
    const { deps, messages } = setup();
    await create(deps, input);
    if (mediums) expect(messages.sendInvitation).toHaveBeenCalledWith(expect.objectContaining({ mediums }));
    else expect(messages.sendInvitation).not.toHaveBeenCalled();
  });

  it("refuses a medium the new user has no address for, before creating the user", async () => {
    const { deps, users, messages } = setup();
    await expect(
      create(deps, {
        UserAttributes: [{ Name: "email", Value: "bob@example.com" }],
        DesiredDeliveryMediums: ["EMAIL", "SMS"],
      }),
    ).rejects.toMatchObject({ code: "InvalidParameterException", message: expect.stringMatching(/SMS.*phone_number/) });
    expect(users.create).not.toHaveBeenCalled();
    expect(messages.sendInvitation).not.toHaveBeenCalled();
  });

  it("defaults to SMS, Cognito's default medium, for a user with a phone number", async () => {
    const { deps, messages } = setup();
    await create(deps, { UserAttributes: [{ Name: "phone_number", Value: "+15555550100" }] });
    expect(messages.sendInvitation).toHaveBeenCalledWith(expect.objectContaining({ mediums: ["SMS"] }));
  });
});

describe("AdminCreateUser: MessageAction RESEND", () => {
  const waiting = user({ username: "bob", status: "FORCE_CHANGE_PASSWORD" });

  it("refuses a user who is not waiting for a first sign-in", async () => {
    const { deps, users } = setup({ existing: user({ status: "CONFIRMED" }) });
    await expect(create(deps, { MessageAction: "RESEND" })).rejects.toMatchObject({
      code: "UnsupportedUserStateException",
      message: "Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.",
    });
    expect(users.update).not.toHaveBeenCalled();
  });

  it("replaces the temporary password, restarts its validity and sends it again", async () => {
    const { p, deps, users, messages, clock, triggers } = setup({ existing: waiting });
    const res = await create(deps, { MessageAction: "RESEND", TemporaryPassword: "Again1!x" });
    expect(users.get).toHaveBeenCalledWith(p, "bob");
    expect(users.update).toHaveBeenCalledWith(p, waiting, { ...CREDENTIALS, passwordSetAt: clock.now().getTime() });
    const updated = { ...waiting, ...CREDENTIALS, passwordSetAt: clock.now().getTime() };
    expect(messages.sendInvitation).toHaveBeenCalledWith({
      pool: p,
      user: updated,
      temporaryPassword: "Again1!x",
      mediums: ["EMAIL"],
    });
    expect(res).toEqual({ User: { Username: "bob", UserStatus: "FORCE_CHANGE_PASSWORD" } });
    expect(users.create).not.toHaveBeenCalled();
    expect(triggers.preSignUp).not.toHaveBeenCalled();
  });

  it("answers with the user as read when the update reports no row", async () => {
    const { deps, users, messages } = setup({ existing: waiting });
    users.update.mockResolvedValueOnce(undefined);
    await create(deps, { MessageAction: "RESEND", DesiredDeliveryMediums: ["SMS"] });
    expect(users.toUserType).toHaveBeenCalledWith(waiting);
    expect(messages.sendInvitation).toHaveBeenCalledWith(expect.objectContaining({ user: waiting, mediums: ["SMS"] }));
  });
});

describe("AdminCreateUser: a new user", () => {
  it("creates the user waiting for a password change, with its attributes and the sub as ID", async () => {
    const { p, deps, users, triggers } = setup();
    users.nameForNewUser.mockReturnValueOnce({ username: SUB, impliedAttributes: { email: "bob@example.com" } });
    const res = await create(deps, {
      Username: "bob@example.com",
      UserAttributes: [{ Name: "name", Value: "Bob" }],
      ValidationData: [{ Name: "invite", Value: "x" }, { Name: "empty" }],
    });
    expect(users.nameForNewUser).toHaveBeenCalledWith(p, "bob@example.com", SUB);
    expect(triggers.preSignUp).toHaveBeenCalledWith({
      pool: p,
      source: "PreSignUp_AdminCreateUser",
      username: SUB,
      attributes: { name: "Bob", email: "bob@example.com" },
      validationData: { invite: "x", empty: "" },
    });
    expect(users.create).toHaveBeenCalledWith(p, {
      id: SUB,
      username: SUB,
      status: "FORCE_CHANGE_PASSWORD",
      attributes: { name: "Bob", email: "bob@example.com" },
      credentials: CREDENTIALS,
    });
    expect(res.User).toEqual({ Username: SUB, UserStatus: "FORCE_CHANGE_PASSWORD" });
  });

  it("passes ClientMetadata to the PreSignUp trigger", async () => {
    const { deps, triggers } = setup();
    await create(deps, { ClientMetadata: { k: "v" } });
    expect(triggers.preSignUp).toHaveBeenCalledWith(expect.objectContaining({ clientMetadata: { k: "v" } }));
  });

  it("refuses a user without an attribute the schema requires", async () => {
    const { deps, triggers } = setup({ p: pool({ Schema: [{ Name: "email", Required: true }] }) });
    await expect(create(deps, {})).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "Attributes did not conform to the schema: email: The attribute email is required",
    });
    expect(triggers.preSignUp).not.toHaveBeenCalled();
  });

  it("marks the e-mail and phone verified when PreSignUp says so, and only those present", async () => {
    const withBoth = setup({ pre: { autoVerifyEmail: true, autoVerifyPhone: true, autoConfirmUser: true } });
    await create(withBoth.deps, {
      UserAttributes: [
        { Name: "email", Value: "bob@example.com" },
        { Name: "phone_number", Value: "+15555550100" },
      ],
    });
    expect(withBoth.users.create).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        // autoConfirmUser does not confirm an administrator-created account.
        status: "FORCE_CHANGE_PASSWORD",
        attributes: {
          email: "bob@example.com",
          email_verified: "true",
          phone_number: "+15555550100",
          phone_number_verified: "true",
        },
      }),
    );
    const withNone = setup({ pre: { autoVerifyEmail: true, autoVerifyPhone: true } });
    await create(withNone.deps, {});
    expect(withNone.users.create).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ attributes: {} }));
  });

  it("with ForceAliasCreation, takes the e-mail and phone aliases from their holder and creates again", async () => {
    const { p, deps, users, messages } = setup();
    users.create.mockRejectedValueOnce(new AliasExistsException());
    await create(deps, {
      ForceAliasCreation: true,
      UserAttributes: [
        { Name: "email", Value: "bob@example.com" },
        { Name: "phone_number", Value: "+15555550100" },
      ],
    });
    expect(users.takeAlias.mock.calls).toEqual([
      [p, "email", "bob@example.com"],
      [p, "phone_number", "+15555550100"],
    ]);
    expect(users.create).toHaveBeenCalledTimes(2);
    expect(messages.sendInvitation).toHaveBeenCalledTimes(1);
  });

  it("with ForceAliasCreation, takes only the aliases the user has", async () => {
    const { p, deps, users } = setup();
    users.create.mockRejectedValueOnce(new AliasExistsException());
    await create(deps, { ForceAliasCreation: true, UserAttributes: [{ Name: "phone_number", Value: "+15555550100" }] });
    expect(users.takeAlias.mock.calls).toEqual([[p, "phone_number", "+15555550100"]]);
  });

  it("without ForceAliasCreation, an alias conflict stands", async () => {
    const { deps, users, messages } = setup();
    users.create.mockRejectedValueOnce(new AliasExistsException());
    await expect(create(deps, {})).rejects.toBeInstanceOf(AliasExistsException);
    expect(users.takeAlias).not.toHaveBeenCalled();
    expect(messages.sendInvitation).not.toHaveBeenCalled();
  });

  it("ForceAliasCreation does not override a username conflict", async () => {
    const { deps, users } = setup();
    users.create.mockRejectedValueOnce(new UsernameExistsException());
    await expect(create(deps, { ForceAliasCreation: true })).rejects.toBeInstanceOf(UsernameExistsException);
    expect(users.takeAlias).not.toHaveBeenCalled();
    expect(users.create).toHaveBeenCalledTimes(1);
  });

  it("words a taken username as AdminCreateUser does; a taken e-mail username keeps the e-mail wording", async () => {
    const plain = setup();
    plain.users.create.mockRejectedValueOnce(new UsernameExistsException("User already exists"));
    await expect(create(plain.deps, {})).rejects.toMatchObject({
      code: "UsernameExistsException",
      message: "User account already exists",
    });
    const byEmail = setup({ p: pool({ UsernameAttributes: ["email"] }) });
    byEmail.users.create.mockRejectedValueOnce(
      new UsernameExistsException("An account with the given email already exists."),
    );
    await expect(create(byEmail.deps, { Username: "taken@example.com" })).rejects.toMatchObject({
      code: "UsernameExistsException",
      message: "An account with the given email already exists.",
    });
  });
});
