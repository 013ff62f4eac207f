/**
 * Users: search with a ListUsers Filter, paged by PaginationToken. There is no total: counting a million users on
 * every page would cost more than the page itself, and Cognito has no count either. "Previous" replays the token
 * that led to the previous page, kept in a stack.
 */
import type {
  AdminCreateUserRequest,
  AdminCreateUserResponse,
  AttributeType,
  ListUsersRequest,
  ListUsersResponse,
  UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState, type FormEvent } from "react";
import { Field, formRaw, formText, useAction, Link, useRouter } from "@authhub/ui";
import { DataTable, PagedList, useTokenPages } from "../components/lists";
import { Checkbox, ErrorMessage, formAll, PageTitle, Section, Time } from "../components/ui";
import { pathOf } from "../routing/routes";
import { useApi } from "../session/ConsoleContext";
import { FilterBuilder } from "../users/FilterBuilder";
import { PoolNav } from "./PoolNav";

export const USERS_PAGE_SIZE = 25;

export const attr = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

export function UsersPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const [filter, setFilter] = useState("");
  const pages = useTokenPages(
    (token) =>
      api.op<ListUsersRequest, ListUsersResponse>("ListUsers", {
        UserPoolId: poolId,
        Limit: USERS_PAGE_SIZE,
        ...(filter ? { Filter: filter } : {}),
        ...(token ? { PaginationToken: token } : {}),
      }),
    (page) => page.PaginationToken,
    [api, poolId, filter],
  );
  return (
    <>
      <PageTitle>Users</PageTitle>
      <PoolNav poolId={poolId} />
      <p>
        <Link to={pathOf("pools", poolId, "new-user")} className="button">
          Create a user
        </Link>
      </p>
      <Section title="Find users">
        <FilterBuilder
          onSearch={(f) => {
            setFilter(f);
            pages.restart();
          }}
        />
      </Section>
      <PagedList pages={pages} items={(page) => page.Users} empty={<p role="status">No users match.</p>}>
        {(users) => <UsersTable poolId={poolId} users={users} page={pages.number} />}
      </PagedList>
    </>
  );
}

function UsersTable({ poolId, users, page }: { poolId: string; users: readonly UserType[]; page: number }) {
  return (
    <DataTable
      label="Users"
      caption={`Users, page ${page}`}
      rows={users}
      rowKey={(u) => u.Username ?? ""}
      columns={[
        {
          header: "Username",
          className: "wrap",
          cell: (u) => <Link to={pathOf("pools", poolId, "users", u.Username ?? "")}>{u.Username}</Link>,
        },
        { header: "Email", className: "wrap", cell: (u) => attr(u.Attributes, "email") ?? "—" },
        { header: "Status", cell: (u) => u.UserStatus },
        {
          header: "Enabled",
          cell: (u) => (u.Enabled === false ? <span className="badge warn">Disabled</span> : "Yes"),
        },
        { header: "Created", cell: (u) => <Time value={u.UserCreateDate} /> },
      ]}
    />
  );
}

/** AdminCreateUser's request from the form, or the fields' errors. */
export function readCreateUser(
  poolId: string,
  form: HTMLFormElement,
): { request: AdminCreateUserRequest } | { errors: Partial<Record<string, string>> } {
  const errors: Partial<Record<string, string>> = {};
  const username = formText(form, "Username");
  const email = formText(form, "email");
  const phone = formText(form, "phone_number");
  const password = formRaw(form, "TemporaryPassword");
  const mediums = formAll(form, "DesiredDeliveryMediums") as ("EMAIL" | "SMS")[];
  if (username === "") errors.Username = "Enter a username";
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = "Enter an email address such as name@example.com";
  if (phone && !/^\+[1-9]\d{1,14}$/.test(phone))
    errors.phone_number = "Enter a phone number in E.164 form, such as +14155550100";
  if (mediums.includes("EMAIL") && !email) errors.email = "An email invitation needs an email address";
  if (mediums.includes("SMS") && !phone) errors.phone_number = "A text-message invitation needs a phone number";
  if (Object.keys(errors).length > 0) return { errors };
  const attributes: AttributeType[] = [];
  if (email) attributes.push({ Name: "email", Value: email });
  if (phone) attributes.push({ Name: "phone_number", Value: phone });
  // An address the admin typed is taken as verified only when asked: Cognito's email_verified attribute.
  if (email && formText(form, "email_verified")) attributes.push({ Name: "email_verified", Value: "true" });
  if (phone && formText(form, "phone_number_verified"))
    attributes.push({ Name: "phone_number_verified", Value: "true" });
  return {
    request: {
      UserPoolId: poolId,
      Username: username,
      UserAttributes: attributes,
      ...(password ? { TemporaryPassword: password } : {}),
      ...(mediums.length > 0 ? { DesiredDeliveryMediums: mediums } : { MessageAction: "SUPPRESS" }),
    },
  };
}

export function UserNewPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const { navigate } = useRouter();
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const create = useAction((req: AdminCreateUserRequest) =>
    api.op<AdminCreateUserRequest, AdminCreateUserResponse>("AdminCreateUser", req),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readCreateUser(poolId, event.currentTarget);
    if ("errors" in read) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    const r = await create.run(read.request);
    if (r.ok) navigate(pathOf("pools", poolId, "users", r.result.User?.Username ?? read.request.Username ?? ""));
  };
  return (
    <>
      <PageTitle>Create a user</PageTitle>
      <PoolNav poolId={poolId} />
      <Section
        title="User"
        description="The user gets a temporary password and must choose a new one at first sign-in."
      >
        <form onSubmit={submit} noValidate aria-busy={create.pending}>
          <Field
            label="Username"
            name="Username"
            required
            error={errors.Username}
            hint="In a pool that signs in with email, the email address."
          />
          <Field label="Email" name="email" type="email" error={errors.email} />
          <Checkbox label="Mark the email as verified" name="email_verified" value="true" />
          <Field label="Phone number" name="phone_number" type="tel" error={errors.phone_number} />
          <Checkbox label="Mark the phone number as verified" name="phone_number_verified" value="true" />
          <Field
            label="Temporary password (optional)"
            name="TemporaryPassword"
            type="password"
            autoComplete="new-password"
            hint="Empty: the server generates one that meets the pool's policy."
          />
          <fieldset className="choices">
            <legend>Invitation</legend>
            <Checkbox label="Email invitation" name="DesiredDeliveryMediums" value="EMAIL" defaultChecked />
            <Checkbox label="Text message invitation (SMS)" name="DesiredDeliveryMediums" value="SMS" />
          </fieldset>
          <p className="hint">Neither: no invitation is sent; you pass the temporary password on yourself.</p>
          {create.state.status === "error" ? <ErrorMessage error={create.state.error} /> : null}
          <button type="submit" disabled={create.pending}>
            {create.pending ? "Creating…" : "Create user"}
          </button>
        </form>
      </Section>
    </>
  );
}
