import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { attributeChanges, mfaPreferenceRequest, UserPage } from "./UserPage";

const POOL = "us-east-1_Test01";

describe("attributeChanges", () => {
  it("updates changed and new values, deletes emptied ones, and never touches read-only ones", () => {
    const before = [
      { Name: "sub", Value: "1-2-3" },
      { Name: "email", Value: "a@example.com" },
      { Name: "name", Value: "Ana" },
      { Name: "custom:plan", Value: "free" },
    ];
    expect(
      attributeChanges(before, [
        { name: "sub", value: "" },
        { name: "email", value: "a@example.com" },
        { name: "name", value: "" },
        { name: "custom:plan", value: "pro" },
        { name: "given_name", value: "Ana" },
        { name: "family_name", value: "" },
      ]),
    ).toEqual({
      update: [
        { Name: "custom:plan", Value: "pro" },
        { Name: "given_name", Value: "Ana" },
      ],
      remove: ["name"],
    });
  });
});

describe("mfaPreferenceRequest", () => {
  it("enables the checked factors and prefers only an enabled one", () => {
    expect(mfaPreferenceRequest(POOL, "ana", new Set(["SOFTWARE_TOKEN_MFA"]), "EMAIL_OTP")).toEqual({
      UserPoolId: POOL,
      Username: "ana",
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
      SMSMfaSettings: { Enabled: false, PreferredMfa: false },
      EmailMfaSettings: { Enabled: false, PreferredMfa: false },
    });
  });
});

describe("UserPage", () => {
  function setup(enabled = true) {
    const state = { enabled, passkeys: ["cred-1", "cred-2"] };
    const fake = fakeConsole({
      AdminGetUser: () => ({
        Username: "ana",
        Enabled: state.enabled,
        UserStatus: "CONFIRMED",
        UserAttributes: [
          { Name: "sub", Value: "s-1" },
          { Name: "email", Value: "ana@example.com" },
        ],
      }),
      AdminDisableUser: () => {
        state.enabled = false;
        return {};
      },
      AdminEnableUser: () => {
        state.enabled = true;
        return {};
      },
      AdminListGroupsForUser: () => ({ Groups: [{ GroupName: "admins" }] }),
      ListGroups: () => ({ Groups: [{ GroupName: "admins" }, { GroupName: "editors" }] }),
      AdminAddUserToGroup: () => ({}),
      AdminRemoveUserFromGroup: () => ({}),
      AdminListDevices: () => ({ Devices: [] }),
      ConsoleListUserPasskeys: () => ({
        Credentials: state.passkeys.map((id) => ({
          CredentialId: id,
          FriendlyCredentialName: `Key ${id}`,
          RelyingPartyId: "localhost",
          CreatedAt: 1_800_000_000,
        })),
      }),
      ConsoleDeleteUserPasskey: (body: Record<string, unknown>) => {
        state.passkeys = state.passkeys.filter((id) => id !== body.CredentialId);
        return {};
      },
      AdminListUserAuthEvents: () => ({ AuthEvents: [] }),
      AdminListUserSessions: () => ({
        Sessions: [{ SessionId: "s1", DeviceType: "Firefox on Linux", ClientId: "web", LastIPAddress: "192.0.2.7" }],
      }),
      AdminUpdateUserAttributes: () => ({}),
      AdminDeleteUser: () => ({}),
    });
    renderConsole(<UserPage poolId={POOL} username="ana" />, fake.api);
    return { ...fake, user: userEvent.setup() };
  }

  it("disables and re-enables the user, re-reading it after each", async () => {
    const t = setup();
    await t.user.click(await screen.findByRole("button", { name: "Disable user" }));
    expect(await screen.findByRole("button", { name: "Enable user" })).toBeInTheDocument();
    expect(screen.getByText("User disabled: they can no longer sign in.")).toBeInTheDocument();
    await t.user.click(screen.getByRole("button", { name: "Enable user" }));
    expect(await screen.findByRole("button", { name: "Disable user" })).toBeInTheDocument();
    expect(t.opCalls("AdminDisableUser")).toEqual([{ UserPoolId: POOL, Username: "ana" }]);
    expect(t.opCalls("AdminEnableUser")).toEqual([{ UserPoolId: POOL, Username: "ana" }]);
    expect(t.opCalls("AdminGetUser")).toHaveLength(3);
  });

  it("says sign-in events are not recorded without threat protection, rather than showing an error", async () => {
    const fake = fakeConsole({
      AdminGetUser: () => ({ Username: "ana", Enabled: true, UserStatus: "CONFIRMED", UserAttributes: [] }),
      AdminListGroupsForUser: () => ({ Groups: [] }),
      ListGroups: () => ({ Groups: [] }),
      AdminListDevices: () => ({ Devices: [] }),
      ConsoleListUserPasskeys: () => ({ Credentials: [] }),
      AdminListUserSessions: () => ({ Sessions: [] }),
      AdminListUserAuthEvents: () => {
        throw new Cognito("UserPoolAddOnNotEnabledException", "Threat protection is not enabled for this user pool.");
      },
    });
    renderConsole(<UserPage poolId={POOL} username="ana" />, fake.api);
    const events = (await screen.findByRole("heading", { name: "Sign-in events" })).closest("section") as HTMLElement;
    expect(await within(events).findByText(/Not recorded: the pool records sign-in events/)).toBeInTheDocument();
    expect(within(events).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("still shows any other error of the sign-in events", async () => {
    const fake = fakeConsole({
      AdminGetUser: () => ({ Username: "ana", Enabled: true, UserStatus: "CONFIRMED", UserAttributes: [] }),
      AdminListUserAuthEvents: () => {
        throw new Cognito("UserNotFoundException", "User does not exist.");
      },
    });
    renderConsole(<UserPage poolId={POOL} username="ana" />, fake.api);
    const events = (await screen.findByRole("heading", { name: "Sign-in events" })).closest("section") as HTMLElement;
    expect(await within(events).findByRole("alert")).toHaveTextContent("User does not exist.");
  });

  it("lists the user's sessions", async () => {
    setup();
    expect(await screen.findByText("Firefox on Linux")).toBeInTheDocument();
    expect(screen.getByText(/from 192\.0\.2\.7/)).toBeInTheDocument();
  });

  it("lists the user's passkeys and deletes one through the console's own operation", async () => {
    const t = setup();
    expect(await screen.findByText("Key cred-1")).toBeInTheDocument();
    await t.user.click(screen.getByRole("button", { name: "Delete passkey Key cred-2" }));
    await waitFor(() => expect(screen.queryByText("Key cred-2")).not.toBeInTheDocument());
    expect(screen.getByText("Key cred-1")).toBeInTheDocument();
    expect(t.opCalls("ConsoleDeleteUserPasskey")).toEqual([
      { UserPoolId: POOL, Username: "ana", CredentialId: "cred-2" },
    ]);
    expect(t.opCalls("ConsoleListUserPasskeys")[0]).toEqual({ UserPoolId: POOL, Username: "ana", MaxResults: 20 });
  });

  it("edits an attribute, sending only the change", async () => {
    const t = setup();
    const email = await screen.findByLabelText("email");
    expect(screen.getByLabelText("sub")).toHaveAttribute("readonly");
    await t.user.clear(email);
    await t.user.type(email, "ana@example.org");
    await t.user.click(screen.getByRole("button", { name: "Save attributes" }));
    await waitFor(() => expect(t.opCalls("AdminUpdateUserAttributes")).toHaveLength(1));
    expect(t.opCalls("AdminUpdateUserAttributes")[0]).toEqual({
      UserPoolId: POOL,
      Username: "ana",
      UserAttributes: [{ Name: "email", Value: "ana@example.org" }],
    });
  });

  it("adds the user to a group and removes them from one", async () => {
    const t = setup();
    await t.user.selectOptions(await screen.findByLabelText("Add to group"), "editors");
    await t.user.click(screen.getByRole("button", { name: "Add to group" }));
    await t.user.click(screen.getByRole("button", { name: "Remove from admins" }));
    await waitFor(() => expect(t.opCalls("AdminRemoveUserFromGroup")).toHaveLength(1));
    expect(t.opCalls("AdminAddUserToGroup")).toEqual([{ UserPoolId: POOL, Username: "ana", GroupName: "editors" }]);
    expect(t.opCalls("AdminRemoveUserFromGroup")).toEqual([{ UserPoolId: POOL, Username: "ana", GroupName: "admins" }]);
  });

  it("deletes the user after the username is typed", async () => {
    const t = setup();
    const section = (await screen.findByRole("heading", { name: "Delete this user" })).closest("section");
    if (!section) throw new Error("no delete section");
    await t.user.type(within(section).getByLabelText("Type ana to confirm"), "ana");
    await t.user.click(within(section).getByRole("button", { name: "Delete user" }));
    expect(await screen.findByRole("heading", { level: 1, name: "User deleted" })).toBeInTheDocument();
    expect(t.opCalls("AdminDeleteUser")).toEqual([{ UserPoolId: POOL, Username: "ana" }]);
  });
});
