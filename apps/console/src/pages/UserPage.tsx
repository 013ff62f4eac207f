/** One user: attributes, account actions, groups, MFA, devices, auth events, deletion. */
import type {
  AdminAddUserToGroupRequest,
  AdminConfirmSignUpRequest,
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserRequest,
  AdminDisableUserRequest,
  AdminEnableUserRequest,
  AdminForgetDeviceRequest,
  AdminGetUserRequest,
  AdminGetUserResponse,
  AdminListDevicesRequest,
  AdminListDevicesResponse,
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
  AdminListUserAuthEventsRequest,
  AdminListUserAuthEventsResponse,
  AdminListUserSessionsRequest,
  AdminListUserSessionsResponse,
  AdminRemoveUserFromGroupRequest,
  AdminResetUserPasswordRequest,
  AdminSetUserMFAPreferenceRequest,
  AdminUpdateUserAttributesRequest,
  AdminUserGlobalSignOutRequest,
  AttributeType,
  ListGroupsRequest,
  ListGroupsResponse,
  ListWebAuthnCredentialsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { useId, useState, type FormEvent } from "react";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { formText, useAction, Link } from "@authhub/ui";
import { DataTable } from "../components/lists";
import { ErrorMessage, Loaded, Outcome, PageTitle, Section, Time, useLoad } from "../components/ui";
import { pathOf } from "../routing/routes";
import { ConsoleError } from "../api/consoleApi";
import { useApi } from "../session/ConsoleContext";
import { PoolNav } from "./PoolNav";

// Attributes the server sets itself: shown, never edited (Cognito refuses writes to them).
const READ_ONLY = new Set(["sub", "identities", "cognito:mfa_enabled", "cognito:user_status"]);

/** What to send for the edited attributes: changed or new values to update, emptied ones to delete. */
export function attributeChanges(
  before: AttributeType[],
  after: { name: string; value: string }[],
): { update: AttributeType[]; remove: string[] } {
  const old = new Map(before.map((a) => [a.Name ?? "", a.Value ?? ""]));
  const update: AttributeType[] = [];
  const remove: string[] = [];
  for (const { name, value } of after) {
    if (!name || READ_ONLY.has(name)) continue;
    if (value === "") {
      if (old.has(name)) remove.push(name);
    } else if (old.get(name) !== value) update.push({ Name: name, Value: value });
  }
  return { update, remove };
}

export function UserPage({ poolId, username }: { poolId: string; username: string }) {
  const api = useApi();
  const key = { UserPoolId: poolId, Username: username };
  const { state, reload } = useLoad(
    () => api.op<AdminGetUserRequest, AdminGetUserResponse>("AdminGetUser", key),
    [api, poolId, username],
  );
  const [deleted, setDeleted] = useState(false);
  if (deleted)
    return (
      <>
        <PageTitle>User deleted</PageTitle>
        <p role="status">
          {username} is deleted. <Link to={pathOf("pools", poolId, "users")}>Back to the users</Link>
        </p>
      </>
    );
  return (
    <>
      <PageTitle>{username}</PageTitle>
      <PoolNav poolId={poolId} />
      <Loaded load={state}>
        {(user) => (
          <>
            <Section title="Account">
              <dl className="facts">
                <dt>Status</dt>
                <dd>{user.UserStatus}</dd>
                <dt>Enabled</dt>
                <dd>{user.Enabled === false ? "No (disabled)" : "Yes"}</dd>
                <dt>Created</dt>
                <dd>
                  <Time value={user.UserCreateDate} />
                </dd>
                <dt>Modified</dt>
                <dd>
                  <Time value={user.UserLastModifiedDate} />
                </dd>
                <dt>MFA</dt>
                <dd>{(user.UserMFASettingList ?? []).join(", ") || "None"}</dd>
              </dl>
              <UserActions poolId={poolId} username={username} user={user} onChange={reload} />
            </Section>
            <Section title="Attributes">
              <AttributesForm
                poolId={poolId}
                username={username}
                attributes={user.UserAttributes ?? []}
                onSaved={reload}
              />
            </Section>
            <Section title="Groups">
              <UserGroups poolId={poolId} username={username} />
            </Section>
            <Section title="MFA preferences">
              <MfaPreferences poolId={poolId} username={username} user={user} onSaved={reload} />
            </Section>
            <Section title="Remembered devices">
              <Devices poolId={poolId} username={username} />
            </Section>
            <Section title="Passkeys">
              <Passkeys poolId={poolId} username={username} />
            </Section>
            <Section title="Sessions">
              <Sessions poolId={poolId} username={username} />
            </Section>
            <Section title="Sign-in events">
              <AuthEvents poolId={poolId} username={username} />
            </Section>
            <Section title="Delete this user">
              <ConfirmDelete
                what="user"
                name={username}
                consequence="The user and all their sessions are deleted. This cannot be undone."
                onDelete={async () => {
                  await api.op<AdminDeleteUserRequest, object>("AdminDeleteUser", key);
                  setDeleted(true);
                }}
              />
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}

function UserActions({
  poolId,
  username,
  user,
  onChange,
}: {
  poolId: string;
  username: string;
  user: AdminGetUserResponse;
  onChange: () => void;
}) {
  const api = useApi();
  const key = { UserPoolId: poolId, Username: username };
  const act = useAction(async (operation: string, done: string) => {
    await api.op<typeof key, object>(operation, key);
    onChange();
    return done;
  });
  const disabled = user.Enabled === false;
  return (
    <>
      <div className="actions wrap">
        {user.UserStatus === "UNCONFIRMED" ? (
          <button
            type="button"
            className="secondary"
            disabled={act.pending}
            onClick={() => void act.run("AdminConfirmSignUp", "Sign-up confirmed.")}
          >
            Confirm sign-up
          </button>
        ) : null}
        {disabled ? (
          <button
            type="button"
            className="secondary"
            disabled={act.pending}
            onClick={() => void act.run("AdminEnableUser", "User enabled.")}
          >
            Enable user
          </button>
        ) : (
          <button
            type="button"
            className="secondary"
            disabled={act.pending}
            onClick={() => void act.run("AdminDisableUser", "User disabled: they can no longer sign in.")}
          >
            Disable user
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={act.pending}
          onClick={() =>
            void act.run("AdminResetUserPassword", "Password reset: the user gets a code to choose a new one.")
          }
        >
          Reset password
        </button>
        <button
          type="button"
          className="secondary"
          disabled={act.pending}
          onClick={() => void act.run("AdminUserGlobalSignOut", "Signed out everywhere: refresh tokens revoked.")}
        >
          Sign out everywhere
        </button>
      </div>
      <Outcome state={act.state} success={(text) => text} />
    </>
  );
}
// The requests above share one shape; these names keep the request types checked against the SDK's.
export type UserKeyRequests =
  | AdminConfirmSignUpRequest
  | AdminEnableUserRequest
  | AdminDisableUserRequest
  | AdminResetUserPasswordRequest
  | AdminUserGlobalSignOutRequest;

function AttributesForm({
  poolId,
  username,
  attributes,
  onSaved,
}: {
  poolId: string;
  username: string;
  attributes: AttributeType[];
  onSaved: () => void;
}) {
  const api = useApi();
  const id = useId();
  const save = useAction(async (changes: { update: AttributeType[]; remove: string[] }) => {
    if (changes.update.length > 0)
      await api.op<AdminUpdateUserAttributesRequest, object>("AdminUpdateUserAttributes", {
        UserPoolId: poolId,
        Username: username,
        UserAttributes: changes.update,
      });
    if (changes.remove.length > 0)
      await api.op<AdminDeleteUserAttributesRequest, object>("AdminDeleteUserAttributes", {
        UserPoolId: poolId,
        Username: username,
        UserAttributeNames: changes.remove,
      });
    onSaved();
    return changes.update.length + changes.remove.length;
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const after = attributes.map((a) => ({ name: a.Name ?? "", value: formText(form, `attr.${a.Name}`) }));
    const newName = formText(form, "newName");
    if (newName) after.push({ name: newName, value: formText(form, "newValue") });
    void save.run(attributeChanges(attributes, after));
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={save.pending} className="wide">
      <p className="hint">Empty a value to delete the attribute.</p>
      {attributes.map((a, i) => (
        <div className="field" key={a.Name}>
          <label htmlFor={`${id}-${i}`} className="mono">
            {a.Name}
          </label>
          <input
            id={`${id}-${i}`}
            name={`attr.${a.Name}`}
            type="text"
            defaultValue={a.Value}
            readOnly={READ_ONLY.has(a.Name ?? "")}
            spellCheck={false}
          />
        </div>
      ))}
      <fieldset className="choices">
        <legend>Add an attribute</legend>
        <div className="field">
          <label htmlFor={`${id}-new-name`}>Name</label>
          <input id={`${id}-new-name`} name="newName" type="text" spellCheck={false} placeholder="custom:plan" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-new-value`}>Value</label>
          <input id={`${id}-new-value`} name="newValue" type="text" spellCheck={false} />
        </div>
      </fieldset>
      <Outcome
        state={save.state}
        success={(n) => (n === 0 ? "Nothing changed." : `Saved ${n} change${n === 1 ? "" : "s"}.`)}
      />
      <button type="submit" disabled={save.pending}>
        {save.pending ? "Saving…" : "Save attributes"}
      </button>
    </form>
  );
}

function UserGroups({ poolId, username }: { poolId: string; username: string }) {
  const api = useApi();
  const id = useId();
  const mine = useLoad(
    () =>
      api.op<AdminListGroupsForUserRequest, AdminListGroupsForUserResponse>("AdminListGroupsForUser", {
        UserPoolId: poolId,
        Username: username,
        Limit: 60,
      }),
    [api, poolId, username],
  );
  const all = useLoad(
    () => api.op<ListGroupsRequest, ListGroupsResponse>("ListGroups", { UserPoolId: poolId, Limit: 60 }),
    [api, poolId],
  );
  const change = useAction(async (operation: "AdminAddUserToGroup" | "AdminRemoveUserFromGroup", group: string) => {
    await api.op<AdminAddUserToGroupRequest | AdminRemoveUserFromGroupRequest, object>(operation, {
      UserPoolId: poolId,
      Username: username,
      GroupName: group,
    });
    mine.reload();
  });
  return (
    <Loaded load={mine.state}>
      {(list) => {
        const member = new Set((list.Groups ?? []).map((g) => g.GroupName));
        const others =
          all.state.status === "ready" ? (all.state.data.Groups ?? []).filter((g) => !member.has(g.GroupName)) : [];
        return (
          <>
            {member.size === 0 ? <p>Not in any group.</p> : null}
            <ul className="plain">
              {(list.Groups ?? []).map((g) => (
                <li key={g.GroupName} className="row">
                  {g.GroupName}{" "}
                  <button
                    type="button"
                    className="secondary"
                    disabled={change.pending}
                    onClick={() => void change.run("AdminRemoveUserFromGroup", g.GroupName ?? "")}
                  >
                    Remove from {g.GroupName}
                  </button>
                </li>
              ))}
            </ul>
            {others.length > 0 ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const g = formText(e.currentTarget, "group");
                  if (g) void change.run("AdminAddUserToGroup", g);
                }}
              >
                <div className="field">
                  <label htmlFor={`${id}-group`}>Add to group</label>
                  <select id={`${id}-group`} name="group">
                    {others.map((g) => (
                      <option key={g.GroupName} value={g.GroupName}>
                        {g.GroupName}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" disabled={change.pending}>
                  Add to group
                </button>
              </form>
            ) : null}
            {change.state.status === "error" ? <ErrorMessage error={change.state.error} /> : null}
          </>
        );
      }}
    </Loaded>
  );
}

type Factor = "SMS" | "TOTP" | "EMAIL";
const FACTORS: {
  factor: Factor;
  label: string;
  setting: string;
  member: "SMSMfaSettings" | "SoftwareTokenMfaSettings" | "EmailMfaSettings";
}[] = [
  { factor: "TOTP", label: "Authenticator app", setting: "SOFTWARE_TOKEN_MFA", member: "SoftwareTokenMfaSettings" },
  { factor: "SMS", label: "Text message", setting: "SMS_MFA", member: "SMSMfaSettings" },
  { factor: "EMAIL", label: "Email", setting: "EMAIL_OTP", member: "EmailMfaSettings" },
];

/** AdminSetUserMFAPreference from the form: each factor enabled or not, and at most one preferred. */
export function mfaPreferenceRequest(
  poolId: string,
  username: string,
  enabled: Set<string>,
  preferred: string,
): AdminSetUserMFAPreferenceRequest {
  const req: AdminSetUserMFAPreferenceRequest = { UserPoolId: poolId, Username: username };
  for (const f of FACTORS) {
    const on = enabled.has(f.setting);
    req[f.member] = { Enabled: on, PreferredMfa: on && preferred === f.setting };
  }
  return req;
}

function MfaPreferences({
  poolId,
  username,
  user,
  onSaved,
}: {
  poolId: string;
  username: string;
  user: AdminGetUserResponse;
  onSaved: () => void;
}) {
  const api = useApi();
  const id = useId();
  const save = useAction(async (req: AdminSetUserMFAPreferenceRequest) => {
    await api.op<AdminSetUserMFAPreferenceRequest, object>("AdminSetUserMFAPreference", req);
    onSaved();
  });
  const enabled = new Set(user.UserMFASettingList ?? []);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const on = new Set(data.getAll("enabled").map(String));
        void save.run(mfaPreferenceRequest(poolId, username, on, String(data.get("preferred") ?? "")));
      }}
    >
      <fieldset className="choices">
        <legend>Enabled factors</legend>
        {FACTORS.map((f) => (
          <div className="checkbox" key={f.setting}>
            <input
              id={`${id}-${f.setting}`}
              type="checkbox"
              name="enabled"
              value={f.setting}
              defaultChecked={enabled.has(f.setting)}
            />
            <label htmlFor={`${id}-${f.setting}`}>{f.label}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className="choices">
        <legend>Preferred factor</legend>
        {[{ setting: "", label: "None" }, ...FACTORS].map((f) => (
          <div className="checkbox" key={f.setting || "none"}>
            <input
              id={`${id}-pref-${f.setting || "none"}`}
              type="radio"
              name="preferred"
              value={f.setting}
              defaultChecked={(user.PreferredMfaSetting ?? "") === f.setting}
            />
            <label htmlFor={`${id}-pref-${f.setting || "none"}`}>{f.label}</label>
          </div>
        ))}
      </fieldset>
      <p className="hint">
        A factor the user has not set up (no authenticator, no verified phone) is refused by the server.
      </p>
      <Outcome state={save.state} success={() => "MFA preferences saved."} />
      <button type="submit" disabled={save.pending}>
        Save MFA preferences
      </button>
    </form>
  );
}

function Devices({ poolId, username }: { poolId: string; username: string }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<AdminListDevicesRequest, AdminListDevicesResponse>("AdminListDevices", {
        UserPoolId: poolId,
        Username: username,
        Limit: 60,
      }),
    [api, poolId, username],
  );
  const forget = useAction(async (deviceKey: string) => {
    await api.op<AdminForgetDeviceRequest, object>("AdminForgetDevice", {
      UserPoolId: poolId,
      Username: username,
      DeviceKey: deviceKey,
    });
    reload();
  });
  return (
    <Loaded load={state}>
      {(list) =>
        (list.Devices ?? []).length === 0 ? (
          <p>No remembered devices.</p>
        ) : (
          <>
            <ul className="plain">
              {(list.Devices ?? []).map((d) => (
                <li key={d.DeviceKey} className="row">
                  <span>{attrOf(d.DeviceAttributes, "device_name") ?? d.DeviceKey}</span>{" "}
                  <span className="aside">
                    last used <Time value={d.DeviceLastAuthenticatedDate} />
                  </span>{" "}
                  <button
                    type="button"
                    className="secondary"
                    disabled={forget.pending}
                    onClick={() => void forget.run(d.DeviceKey ?? "")}
                  >
                    Forget device {attrOf(d.DeviceAttributes, "device_name") ?? d.DeviceKey}
                  </button>
                </li>
              ))}
            </ul>
            {forget.state.status === "error" ? <ErrorMessage error={forget.state.error} /> : null}
          </>
        )
      }
    </Loaded>
  );
}

/**
 * The user's passkeys. Cognito has no administrator operation for them, so the console server offers two of
 * its own (ConsoleListUserPasskeys, ConsoleDeleteUserPasskey; ADR 0052), shaped like ListWebAuthnCredentials.
 */
function Passkeys({ poolId, username }: { poolId: string; username: string }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<{ UserPoolId: string; Username: string; MaxResults: number }, ListWebAuthnCredentialsResponse>(
        "ConsoleListUserPasskeys",
        { UserPoolId: poolId, Username: username, MaxResults: 20 },
      ),
    [api, poolId, username],
  );
  const remove = useAction(async (credentialId: string) => {
    await api.op<{ UserPoolId: string; Username: string; CredentialId: string }, object>("ConsoleDeleteUserPasskey", {
      UserPoolId: poolId,
      Username: username,
      CredentialId: credentialId,
    });
    reload();
  });
  return (
    <Loaded load={state}>
      {(list) =>
        (list.Credentials ?? []).length === 0 ? (
          <p>No passkeys.</p>
        ) : (
          <>
            <ul className="plain">
              {(list.Credentials ?? []).map((c) => {
                const name = c.FriendlyCredentialName || c.CredentialId;
                return (
                  <li key={c.CredentialId} className="row">
                    <span>{name}</span>{" "}
                    <span className="aside">
                      {c.RelyingPartyId} · added <Time value={c.CreatedAt} />
                    </span>{" "}
                    <button
                      type="button"
                      className="secondary"
                      disabled={remove.pending}
                      onClick={() => void remove.run(c.CredentialId ?? "")}
                    >
                      Delete passkey {name}
                    </button>
                  </li>
                );
              })}
            </ul>
            {remove.state.status === "error" ? <ErrorMessage error={remove.state.error} /> : null}
          </>
        )
      }
    </Loaded>
  );
}

const attrOf = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

function AuthEvents({ poolId, username }: { poolId: string; username: string }) {
  const api = useApi();
  const { state } = useLoad(
    () =>
      api
        .op<AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse>("AdminListUserAuthEvents", {
          UserPoolId: poolId,
          Username: username,
          MaxResults: 20,
        })
        .catch((e: unknown) => {
          // Cognito records sign-in events only with threat protection on (UserPoolAddOnNotEnabledException
          // otherwise, API_AdminListUserAuthEvents): how the pool is set up, not a failure to show as one.
          if (e instanceof ConsoleError && e.code === "UserPoolAddOnNotEnabledException") return "off" as const;
          throw e;
        }),
    [api, poolId, username],
  );
  return (
    <Loaded load={state}>
      {(list) =>
        list === "off" ? (
          <p>
            Not recorded: the pool records sign-in events when threat protection is on (UserPoolAddOns,
            AdvancedSecurityMode AUDIT or ENFORCED).
          </p>
        ) : (list.AuthEvents ?? []).length === 0 ? (
          <p>No sign-in events recorded.</p>
        ) : (
          <DataTable
            label="Sign-in events"
            caption="The last 20 sign-in events"
            rows={list.AuthEvents ?? []}
            rowKey={(e) => e.EventId ?? ""}
            columns={[
              { header: "When", cell: (e) => <Time value={e.CreationDate} /> },
              { header: "Event", cell: (e) => e.EventType },
              { header: "Result", cell: (e) => e.EventResponse },
              { header: "Risk", cell: (e) => e.EventRisk?.RiskLevel ?? "—" },
            ]}
          />
        )
      }
    </Loaded>
  );
}

/** The user's sessions (AdminListUserSessions): where and when each was last used. "Sign out everywhere" ends them. */
function Sessions({ poolId, username }: { poolId: string; username: string }) {
  const api = useApi();
  const { state } = useLoad(
    () =>
      api.op<AdminListUserSessionsRequest, AdminListUserSessionsResponse>("AdminListUserSessions", {
        UserPoolId: poolId,
        Username: username,
      }),
    [api, poolId, username],
  );
  return (
    <Loaded load={state}>
      {(list) =>
        (list.Sessions ?? []).length === 0 ? (
          <p>No active sessions.</p>
        ) : (
          <ul className="plain">
            {(list.Sessions ?? []).map((s) => (
              <li key={s.SessionId} className="row">
                <span>
                  {s.DeviceType ?? "Unknown device"}
                  {s.ClientId ? <span className="aside"> via client {s.ClientId}</span> : null}
                </span>
                <span className="aside">
                  last active <Time value={s.LastActiveDate} />
                  {s.LastIPAddress ? ` from ${s.LastIPAddress}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}
