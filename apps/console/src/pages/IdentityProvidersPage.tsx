/**
 * Identity providers: list, create, edit, delete. ProviderDetails and AttributeMapping are edited as
 * `name = value` lines: each provider type has its own keys (client_id, authorize_scopes, MetadataURL…), and the
 * server names the one it refuses, so one editor serves OIDC, SAML and the social providers alike.
 */
import type {
  CreateIdentityProviderRequest,
  DeleteIdentityProviderRequest,
  DescribeIdentityProviderRequest,
  DescribeIdentityProviderResponse,
  ListIdentityProvidersRequest,
  ListIdentityProvidersResponse,
  UpdateIdentityProviderRequest,
} from "@aws-sdk/client-cognito-identity-provider";
import { useId, useState } from "react";
import { Field, formRaw, formText, useAction } from "@authhub/ui";
import { CheckedForm, DeleteItem, type FormRead, ItemCard, PagedList, useTokenPages } from "../components/lists";
import { formLines, LinesField, Loaded, PageTitle, Section, Select, useLoad } from "../components/ui";
import { useApi } from "../session/ConsoleContext";
import { formatPairs, parsePairs } from "./lines";
import { PoolNav } from "./PoolNav";

export const PROVIDER_TYPES = ["OIDC", "SAML", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple"] as const;

const DETAILS_HINT = [
  "One a line, as name = value: for OIDC client_id, client_secret, authorize_scopes, oidc_issuer,",
  "attributes_request_method; for SAML MetadataURL or MetadataFile.",
].join(" ");

type Errors = Partial<Record<"ProviderName" | "ProviderDetails" | "AttributeMapping", string>>;

export function readProviderForm(form: HTMLFormElement): FormRead<
  {
    ProviderName: string;
    ProviderType: string;
    ProviderDetails: Record<string, string>;
    AttributeMapping: Record<string, string>;
    IdpIdentifiers: string[];
  },
  Errors
> {
  const errors: Errors = {};
  const name = formText(form, "ProviderName");
  if (!/^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]{0,30}$/u.test(name))
    errors.ProviderName = "Enter a name of 2–32 characters, not starting with _";
  const details = parsePairs(formRaw(form, "ProviderDetails"));
  if ("error" in details) errors.ProviderDetails = details.error;
  const mapping = parsePairs(formRaw(form, "AttributeMapping"));
  if ("error" in mapping) errors.AttributeMapping = mapping.error;
  if ("error" in details || "error" in mapping || Object.keys(errors).length > 0) return { errors };
  return {
    value: {
      ProviderName: name,
      ProviderType: formText(form, "ProviderType"),
      ProviderDetails: details.map,
      AttributeMapping: mapping.map,
      IdpIdentifiers: formLines(form, "IdpIdentifiers"),
    },
  };
}

function ProviderFields({
  existing,
  errors,
}: {
  existing?: DescribeIdentityProviderResponse["IdentityProvider"];
  errors: Errors;
}) {
  return (
    <>
      {existing ? (
        <>
          <input type="hidden" name="ProviderName" value={existing.ProviderName} />
          <input type="hidden" name="ProviderType" value={existing.ProviderType} />
        </>
      ) : (
        <>
          <Field label="Provider name" name="ProviderName" required error={errors.ProviderName} />
          <Select label="Type" name="ProviderType" options={PROVIDER_TYPES} />
        </>
      )}
      <PairsField
        label="Provider details"
        name="ProviderDetails"
        rows={5}
        pairs={existing?.ProviderDetails}
        error={errors.ProviderDetails}
        hint={DETAILS_HINT}
      />
      <PairsField
        label="Attribute mapping"
        name="AttributeMapping"
        rows={3}
        pairs={existing?.AttributeMapping}
        error={errors.AttributeMapping}
        hint="One a line, as pool attribute = provider attribute, e.g. email = email."
      />
      <LinesField
        label="Identifiers (optional)"
        name="IdpIdentifiers"
        defaultValue={existing?.IdpIdentifiers}
        hint="One a line, e.g. an email domain."
      />
    </>
  );
}

/** A `name = value` editor; its hint always shows and is read before the error (this page's own order). */
function PairsField({
  label,
  name,
  rows,
  pairs,
  hint,
  error,
}: {
  label: string;
  name: string;
  rows: number;
  pairs: Record<string, string> | undefined;
  hint: string;
  error: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        spellCheck={false}
        defaultValue={formatPairs(pairs)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-invalid={error ? true : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
    </div>
  );
}

export function IdentityProvidersPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const pages = useTokenPages(
    (token) =>
      api.op<ListIdentityProvidersRequest, ListIdentityProvidersResponse>("ListIdentityProviders", {
        UserPoolId: poolId,
        MaxResults: 60,
        ...(token ? { NextToken: token } : {}),
      }),
    (page) => page.NextToken,
    [api, poolId],
  );
  const create = useAction(async (req: CreateIdentityProviderRequest) => {
    await api.op<CreateIdentityProviderRequest, object>("CreateIdentityProvider", req);
    pages.reload();
    return req.ProviderName;
  });
  return (
    <>
      <PageTitle>Identity providers</PageTitle>
      <PoolNav poolId={poolId} />
      <PagedList pages={pages} items={(page) => page.Providers} empty={<p>No identity providers yet.</p>}>
        {(providers) =>
          providers.map((p) => (
            <ProviderItem
              key={p.ProviderName}
              poolId={poolId}
              name={p.ProviderName ?? ""}
              type={p.ProviderType ?? ""}
              onChange={pages.reload}
            />
          ))
        }
      </PagedList>
      <Section title="Add an identity provider">
        <CheckedForm
          read={readProviderForm}
          onValid={(provider, form) =>
            void create
              .run({
                UserPoolId: poolId,
                ...provider,
                ProviderType: provider.ProviderType as CreateIdentityProviderRequest["ProviderType"],
              })
              .then((r) => r.ok && form.reset())
          }
          action={create}
          busy
          submitLabel="Add identity provider"
          success={(name) => `Added ${name}.`}
        >
          {(errors) => <ProviderFields errors={errors} />}
        </CheckedForm>
      </Section>
    </>
  );
}

function ProviderItem({
  poolId,
  name,
  type,
  onChange,
}: {
  poolId: string;
  name: string;
  type: string;
  onChange: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <ItemCard
      summary={
        <>
          <strong>{name}</strong> <span className="aside">{type}</span>
        </>
      }
      onToggle={setOpen}
    >
      {open ? <ProviderEditor poolId={poolId} name={name} onChange={onChange} /> : null}
    </ItemCard>
  );
}

function ProviderEditor({ poolId, name, onChange }: { poolId: string; name: string; onChange: () => void }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<DescribeIdentityProviderRequest, DescribeIdentityProviderResponse>("DescribeIdentityProvider", {
        UserPoolId: poolId,
        ProviderName: name,
      }),
    [api, poolId, name],
  );
  const save = useAction(async (req: UpdateIdentityProviderRequest) => {
    await api.op<UpdateIdentityProviderRequest, object>("UpdateIdentityProvider", req);
    reload();
  });
  return (
    <Loaded load={state}>
      {({ IdentityProvider: idp }) => (
        <>
          <CheckedForm
            read={readProviderForm}
            onValid={({ ProviderType: _t, ...rest }) => void save.run({ UserPoolId: poolId, ...rest })}
            action={save}
            submitLabel="Save identity provider"
            success={() => "Saved."}
          >
            {(errors) => <ProviderFields existing={idp} errors={errors} />}
          </CheckedForm>
          <DeleteItem
            what="identity provider"
            name={name}
            consequence="Users who signed in through it keep their accounts but cannot sign in through it any more."
            onDelete={async () => {
              await api.op<DeleteIdentityProviderRequest, object>("DeleteIdentityProvider", {
                UserPoolId: poolId,
                ProviderName: name,
              });
              onChange();
            }}
          />
        </>
      )}
    </Loaded>
  );
}
