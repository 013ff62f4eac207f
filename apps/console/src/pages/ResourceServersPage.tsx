/** Resource servers: list, create, edit (name, scopes), delete. Scopes are `name: description` lines. */
import type {
  CreateResourceServerRequest,
  DeleteResourceServerRequest,
  ListResourceServersRequest,
  ListResourceServersResponse,
  ResourceServerScopeType,
  ResourceServerType,
  UpdateResourceServerRequest,
} from "@aws-sdk/client-cognito-identity-provider";
import { Field, formRaw, formText, useAction } from "@authhub/ui";
import { CheckedForm, DeleteItem, type FormRead, ItemCard, PagedList, useTokenPages } from "../components/lists";
import { LinesField, PageTitle, Section } from "../components/ui";
import { useApi } from "../session/ConsoleContext";
import { parsePairs } from "./lines";
import { PoolNav } from "./PoolNav";

type Errors = Partial<Record<"Identifier" | "Name" | "Scopes", string>>;

/** The resource server from the form, or the errors to show. */
export function readResourceServerForm(
  form: HTMLFormElement,
): FormRead<{ Identifier: string; Name: string; Scopes: ResourceServerScopeType[] }, Errors> {
  const errors: Errors = {};
  const identifier = formText(form, "Identifier");
  const name = formText(form, "Name");
  if (!/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(identifier))
    errors.Identifier = "Enter an identifier such as https://api.example.com (no spaces, quotes or backslashes)";
  if (!/^[\w\s+=,.@-]{1,256}$/u.test(name)) errors.Name = "Enter a name of letters, digits, spaces or + = , . @ -";
  const scopes = parsePairs(formRaw(form, "Scopes"), ":");
  if ("error" in scopes) errors.Scopes = scopes.error.replace("name : value", "scope: description");
  else {
    const bad = Object.entries(scopes.map).find(
      ([s, d]) => !/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/.test(s) || d === "",
    );
    if (bad) errors.Scopes = `Scope "${bad[0]}": a name without spaces, / or quotes, and a description`;
  }
  if ("error" in scopes || Object.keys(errors).length > 0) return { errors };
  return {
    value: {
      Identifier: identifier,
      Name: name,
      Scopes: Object.entries(scopes.map).map(([ScopeName, ScopeDescription]) => ({ ScopeName, ScopeDescription })),
    },
  };
}

function ServerFields({ server, errors }: { server?: ResourceServerType; errors: Errors }) {
  return (
    <>
      {server ? (
        <input type="hidden" name="Identifier" value={server.Identifier} />
      ) : (
        <Field
          label="Identifier"
          name="Identifier"
          required
          error={errors.Identifier}
          hint="Scopes are named <identifier>/<scope> in tokens."
        />
      )}
      <Field label="Name" name="Name" required defaultValue={server?.Name} error={errors.Name} />
      <LinesField
        label="Scopes"
        name="Scopes"
        defaultValue={server?.Scopes?.map((s) => `${s.ScopeName}: ${s.ScopeDescription}`)}
        hint="One a line, as scope: description, e.g. read: Read the orders."
        error={errors.Scopes}
      />
    </>
  );
}

export function ResourceServersPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const pages = useTokenPages(
    (token) =>
      api.op<ListResourceServersRequest, ListResourceServersResponse>("ListResourceServers", {
        UserPoolId: poolId,
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    (page) => page.NextToken,
    [api, poolId],
  );
  const create = useAction(async (req: CreateResourceServerRequest) => {
    await api.op<CreateResourceServerRequest, object>("CreateResourceServer", req);
    pages.reload();
    return req.Name;
  });
  return (
    <>
      <PageTitle>Resource servers</PageTitle>
      <PoolNav poolId={poolId} />
      <PagedList pages={pages} items={(page) => page.ResourceServers} empty={<p>No resource servers yet.</p>}>
        {(servers) =>
          servers.map((s) => <ServerItem key={s.Identifier} poolId={poolId} server={s} onChange={pages.reload} />)
        }
      </PagedList>
      <Section title="Create a resource server">
        <CheckedForm
          read={readResourceServerForm}
          onValid={(server, form) =>
            void create.run({ UserPoolId: poolId, ...server }).then((r) => r.ok && form.reset())
          }
          action={create}
          busy
          submitLabel="Create resource server"
          success={(name) => `Created ${name}.`}
        >
          {(errors) => <ServerFields errors={errors} />}
        </CheckedForm>
      </Section>
    </>
  );
}

function ServerItem({
  poolId,
  server,
  onChange,
}: {
  poolId: string;
  server: ResourceServerType;
  onChange: () => void;
}) {
  const api = useApi();
  const save = useAction(async (req: UpdateResourceServerRequest) => {
    await api.op<UpdateResourceServerRequest, object>("UpdateResourceServer", req);
    onChange();
  });
  return (
    <ItemCard
      summary={
        <>
          <strong>{server.Name}</strong> <span className="aside mono">{server.Identifier}</span>
        </>
      }
    >
      <CheckedForm
        read={readResourceServerForm}
        onValid={(value) => void save.run({ UserPoolId: poolId, ...value })}
        action={save}
        submitLabel="Save resource server"
        success={() => "Saved."}
      >
        {(errors) => <ServerFields server={server} errors={errors} />}
      </CheckedForm>
      <DeleteItem
        what="resource server"
        name={server.Identifier ?? ""}
        consequence="Clients lose its scopes."
        onDelete={async () => {
          await api.op<DeleteResourceServerRequest, object>("DeleteResourceServer", {
            UserPoolId: poolId,
            Identifier: server.Identifier,
          });
          onChange();
        }}
      />
    </ItemCard>
  );
}
