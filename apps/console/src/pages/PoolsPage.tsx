/** The user pools: a list (ListUserPools, paged by NextToken) and the create form. */
import type {
  CreateUserPoolRequest,
  CreateUserPoolResponse,
  ListUserPoolsRequest,
  ListUserPoolsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState, type FormEvent } from "react";
import { Link, useRouter, Field, formText, useAction } from "@authhub/ui";
import { pathOf } from "../routing/routes";
import { useApi } from "../session/ConsoleContext";
import { DataTable, PagedList, useTokenPages } from "../components/lists";
import { Checkbox, ErrorMessage, formAll, PageTitle, Section, Time } from "../components/ui";

export function PoolsPage() {
  const api = useApi();
  const pages = useTokenPages(
    (token) =>
      api.op<ListUserPoolsRequest, ListUserPoolsResponse>("ListUserPools", {
        MaxResults: 60,
        ...(token ? { NextToken: token } : {}),
      }),
    (page) => page.NextToken,
    [api],
  );
  return (
    <>
      <PageTitle>User pools</PageTitle>
      <p>
        <Link to="/pools/new" className="button">
          Create a user pool
        </Link>
      </p>
      <PagedList pages={pages} items={(page) => page.UserPools} empty={<p>No user pools yet.</p>}>
        {(pools) => (
          <DataTable
            label="User pools"
            caption={`User pools${pages.number > 1 ? `, page ${pages.number}` : ""}`}
            rows={pools}
            rowKey={(p) => p.Id ?? ""}
            columns={[
              { header: "Name", cell: (p) => <Link to={pathOf("pools", p.Id ?? "")}>{p.Name}</Link> },
              { header: "Pool ID", className: "mono", cell: (p) => p.Id },
              { header: "Created", cell: (p) => <Time value={p.CreationDate} /> },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}

export function PoolNewPage() {
  const api = useApi();
  const { navigate } = useRouter();
  const [errors, setErrors] = useState<{ name?: string; length?: string }>({});
  const create = useAction((req: CreateUserPoolRequest) =>
    api.op<CreateUserPoolRequest, CreateUserPoolResponse>("CreateUserPool", req),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = formText(form, "PoolName");
    const length = Number(formText(form, "MinimumLength") || "8");
    const found: typeof errors = {};
    if (!/^[\w\s+=,.@-]{1,128}$/u.test(name))
      found.name = "Enter a name of 1–128 letters, digits, spaces or + = , . @ -";
    if (!Number.isInteger(length) || length < 6 || length > 99) found.length = "Enter a whole number from 6 to 99";
    setErrors(found);
    if (found.name || found.length) return;
    const aliases = formAll(form, "UsernameAttributes");
    const result = await create.run({
      PoolName: name,
      ...(aliases.length > 0 ? { UsernameAttributes: aliases as ("email" | "phone_number")[] } : {}),
      AutoVerifiedAttributes: aliases.includes("email") ? ["email"] : [],
      Policies: {
        PasswordPolicy: {
          MinimumLength: length,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      DeletionProtection: "ACTIVE",
    });
    if (result.ok && result.result.UserPool?.Id) navigate(pathOf("pools", result.result.UserPool.Id));
  };
  return (
    <>
      <PageTitle>Create a user pool</PageTitle>
      <Section title="Pool">
        <form onSubmit={submit} noValidate aria-busy={create.pending}>
          <Field label="Pool name" name="PoolName" required error={errors.name} />
          <fieldset className="choices">
            <legend>Users sign in with (besides a username)</legend>
            <Checkbox label="Email address" name="UsernameAttributes" value="email" defaultChecked />
            <Checkbox label="Phone number" name="UsernameAttributes" value="phone_number" />
          </fieldset>
          <p className="hint">These cannot be changed after the pool is created (as in Cognito).</p>
          <Field
            label="Minimum password length"
            name="MinimumLength"
            type="number"
            inputMode="numeric"
            defaultValue={8}
            min={6}
            max={99}
            error={errors.length}
          />
          {create.state.status === "error" ? <ErrorMessage error={create.state.error} /> : null}
          <button type="submit" disabled={create.pending}>
            {create.pending ? "Creating…" : "Create user pool"}
          </button>
        </form>
      </Section>
    </>
  );
}
