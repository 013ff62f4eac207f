/**
 * The pool's domain: DescribeUserPoolDomain to read, CreateUserPoolDomain (a prefix domain), UpdateUserPoolDomain
 * (the managed login version; the name never changes, API reference) and DeleteUserPoolDomain. A custom domain
 * needs an ACM certificate, which a console cannot make: it is shown and its version edited, never created here.
 */
import type {
  CreateUserPoolDomainRequest,
  CreateUserPoolDomainResponse,
  DeleteUserPoolDomainRequest,
  DescribeUserPoolDomainRequest,
  DescribeUserPoolDomainResponse,
  DomainDescriptionType,
  UpdateUserPoolDomainRequest,
  UpdateUserPoolDomainResponse,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState, type FormEvent } from "react";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { Field, formText, Success, useAction } from "@authhub/ui";
import { ErrorMessage, Loaded, Select, useLoad } from "../components/ui";
import { useApi } from "../session/ConsoleContext";

const VERSIONS = [
  { value: "2", label: "Managed login (branding styles)" },
  { value: "1", label: "Hosted UI (classic: CSS and logo)" },
];

/** Cognito's prefix rule (CreateUserPoolDomain): lower-case letters, digits, inner hyphens; no aws/amazon/cognito. */
export function prefixProblem(prefix: string): string | undefined {
  if (!prefix) return "Enter a domain prefix";
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix))
    return "Use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen";
  if (/aws|amazon|cognito/.test(prefix)) return "A prefix may not contain aws, amazon or cognito";
  return undefined;
}

function versionOf(form: HTMLFormElement): number {
  return formText(form, "ManagedLoginVersion") === "2" ? 2 : 1;
}

export function DomainForm({ pool, onChanged }: { pool: UserPoolType; onChanged: () => void }) {
  const domain = pool.Domain ?? pool.CustomDomain;
  return domain ? (
    <ExistingDomain poolId={pool.Id ?? ""} domain={domain} onChanged={onChanged} />
  ) : (
    <CreateDomain poolId={pool.Id ?? ""} onChanged={onChanged} />
  );
}

function CreateDomain({ poolId, onChanged }: { poolId: string; onChanged: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string>();
  const create = useAction((req: CreateUserPoolDomainRequest) =>
    api.op<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse>("CreateUserPoolDomain", req),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const prefix = formText(form, "Domain");
    const problem = prefixProblem(prefix);
    setError(problem);
    if (problem) {
      create.reset();
      return;
    }
    const req = { UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: versionOf(form) };
    if ((await create.run(req)).ok) onChanged();
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={create.pending}>
      <p>This pool has no domain: the hosted sign-in pages and the OAuth endpoints need one.</p>
      <Field label="Domain prefix" name="Domain" hint="Lower-case letters, digits and hyphens." error={error} />
      <Select label="Pages" name="ManagedLoginVersion" defaultValue="2" options={VERSIONS} />
      {create.state.status === "error" ? <ErrorMessage error={create.state.error} /> : null}
      <button type="submit" disabled={create.pending}>
        {create.pending ? "Creating…" : "Create domain"}
      </button>
    </form>
  );
}

function ExistingDomain({ poolId, domain, onChanged }: { poolId: string; domain: string; onChanged: () => void }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse>("DescribeUserPoolDomain", {
        Domain: domain,
      }),
    [api, domain],
  );
  const update = useAction((req: UpdateUserPoolDomainRequest) =>
    api.op<UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse>("UpdateUserPoolDomain", req),
  );
  return (
    <Loaded load={state}>
      {({ DomainDescription: d = {} }) => {
        const submit = async (event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          const req = { UserPoolId: poolId, Domain: domain, ManagedLoginVersion: versionOf(event.currentTarget) };
          if ((await update.run(req)).ok) reload();
        };
        return (
          <>
            <DomainFacts d={d} domain={domain} />
            <form onSubmit={submit} noValidate aria-busy={update.pending}>
              <Select
                label="Pages"
                name="ManagedLoginVersion"
                defaultValue={String(d.ManagedLoginVersion ?? 1)}
                options={VERSIONS}
              />
              {update.state.status === "error" ? <ErrorMessage error={update.state.error} /> : null}
              {update.state.status === "success" ? <Success>Domain saved.</Success> : null}
              <button type="submit" disabled={update.pending}>
                {update.pending ? "Saving…" : "Save domain"}
              </button>
            </form>
            <h3>Delete the domain</h3>
            <ConfirmDelete
              what="domain"
              name={domain}
              consequence="The hosted sign-in pages and OAuth endpoints of this pool stop answering."
              onDelete={async () => {
                await api.op<DeleteUserPoolDomainRequest, object>("DeleteUserPoolDomain", {
                  UserPoolId: poolId,
                  Domain: domain,
                });
                onChanged();
              }}
            />
          </>
        );
      }}
    </Loaded>
  );
}

function DomainFacts({ d, domain }: { d: DomainDescriptionType; domain: string }) {
  return (
    <dl className="facts">
      <dt>Domain</dt>
      <dd className="mono">{domain}</dd>
      <dt>Kind</dt>
      <dd>{d.CustomDomainConfig ? "Custom domain" : "Prefix domain"}</dd>
      <dt>Status</dt>
      <dd>{d.Status ?? "unknown"}</dd>
      {d.CloudFrontDistribution ? (
        <>
          <dt>Served at</dt>
          <dd className="mono">{d.CloudFrontDistribution}</dd>
        </>
      ) : null}
    </dl>
  );
}
