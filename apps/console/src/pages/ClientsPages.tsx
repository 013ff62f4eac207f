/** App clients: list, create (the secret shown once), and one client's settings, secrets and deletion. */
import type {
  AddUserPoolClientSecretRequest,
  AddUserPoolClientSecretResponse,
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
  DeleteUserPoolClientRequest,
  DeleteUserPoolClientSecretRequest,
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
  ListUserPoolClientSecretsRequest,
  ListUserPoolClientSecretsResponse,
  ListUserPoolClientsRequest,
  ListUserPoolClientsResponse,
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
  UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState } from "react";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { useAction, Link } from "@authhub/ui";
import { DataTable, PagedList, useTokenPages } from "../components/lists";
import { ErrorMessage, Loaded, PageTitle, Section, Time, useLoad } from "../components/ui";
import { pathOf } from "../routing/routes";
import { useApi } from "../session/ConsoleContext";
import { BrandingForm } from "./BrandingForm";
import { ClientForm, type ClientSettings } from "./ClientForm";
import { ManagedLoginBrandingForm } from "./ManagedLoginBrandingForm";
import { PoolNav } from "./PoolNav";

export function ClientsPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const pages = useTokenPages(
    (token) =>
      api.op<ListUserPoolClientsRequest, ListUserPoolClientsResponse>("ListUserPoolClients", {
        UserPoolId: poolId,
        MaxResults: 60,
        ...(token ? { NextToken: token } : {}),
      }),
    (page) => page.NextToken,
    [api, poolId],
  );
  return (
    <>
      <PageTitle>App clients</PageTitle>
      <PoolNav poolId={poolId} />
      <p>
        <Link to={pathOf("pools", poolId, "new-client")} className="button">
          Create an app client
        </Link>
      </p>
      <PagedList pages={pages} items={(page) => page.UserPoolClients} empty={<p>No app clients yet.</p>}>
        {(clients) => (
          <DataTable
            label="App clients"
            caption={`App clients of ${poolId}`}
            rows={clients}
            rowKey={(c) => c.ClientId ?? ""}
            columns={[
              {
                header: "Name",
                cell: (c) => <Link to={pathOf("pools", poolId, "clients", c.ClientId ?? "")}>{c.ClientName}</Link>,
              },
              { header: "Client ID", className: "mono", cell: (c) => c.ClientId },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}

/** A secret, shown once: the server keeps only what verifies it, and the console never shows it again. */
function SecretOnce({ secret }: { secret: string }) {
  return (
    <div role="status" className="message success">
      <p>
        <strong>Copy the client secret now: it is not shown again.</strong>
      </p>
      <p className="mono secret">{secret}</p>
      <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(secret)}>
        Copy secret
      </button>
    </div>
  );
}

export function ClientNewPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const create = useAction((req: CreateUserPoolClientRequest) =>
    api.op<CreateUserPoolClientRequest, CreateUserPoolClientResponse>("CreateUserPoolClient", req),
  );
  const created = create.state.status === "success" ? create.state.result.UserPoolClient : undefined;
  return (
    <>
      <PageTitle>Create an app client</PageTitle>
      <PoolNav poolId={poolId} />
      <Section title="App client">
        {created ? (
          <>
            <p role="status" className="message success">
              Created {created.ClientName}: client ID <span className="mono">{created.ClientId}</span>.
            </p>
            {created.ClientSecret ? <SecretOnce secret={created.ClientSecret} /> : null}
            <p>
              <Link to={pathOf("pools", poolId, "clients", created.ClientId ?? "")}>Open {created.ClientName}</Link>
            </p>
          </>
        ) : (
          <ClientForm
            poolId={poolId}
            submitLabel="Create app client"
            withSecretChoice
            state={create.state}
            onSubmit={(settings, generateSecret) =>
              void create.run({
                UserPoolId: poolId,
                ...settings,
                ClientName: settings.ClientName ?? "",
                GenerateSecret: generateSecret,
              })
            }
          />
        )}
      </Section>
    </>
  );
}

/** UpdateUserPoolClient resets what it is not sent, so the client's other settings ride along. */
function updateRequest(client: UserPoolClientType, settings: ClientSettings): UpdateUserPoolClientRequest {
  const { ClientSecret: _secret, CreationDate: _c, LastModifiedDate: _m, ...rest } = client;
  return {
    ...(rest as UpdateUserPoolClientRequest),
    ...settings,
    UserPoolId: client.UserPoolId,
    ClientId: client.ClientId,
  };
}

export function ClientPage({ poolId, clientId }: { poolId: string; clientId: string }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse>("DescribeUserPoolClient", {
        UserPoolId: poolId,
        ClientId: clientId,
      }),
    [api, poolId, clientId],
  );
  const save = useAction((req: UpdateUserPoolClientRequest) =>
    api.op<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>("UpdateUserPoolClient", req),
  );
  const [deleted, setDeleted] = useState(false);
  const name = state.status === "ready" ? (state.data.UserPoolClient?.ClientName ?? clientId) : clientId;
  if (deleted)
    return (
      <>
        <PageTitle>App client deleted</PageTitle>
        <p role="status">
          {name} is deleted. <Link to={pathOf("pools", poolId, "clients")}>Back to the app clients</Link>
        </p>
      </>
    );
  return (
    <>
      <PageTitle>{name}</PageTitle>
      <PoolNav poolId={poolId} />
      <Loaded load={state}>
        {({ UserPoolClient: client = {} }) => (
          <>
            <Section title="Overview">
              <dl className="facts">
                <dt>Client ID</dt>
                <dd className="mono">{client.ClientId}</dd>
                <dt>Secret</dt>
                <dd>{client.ClientSecret ? "Yes (confidential client)" : "None (public client)"}</dd>
                <dt>Created</dt>
                <dd>
                  <Time value={client.CreationDate} />
                </dd>
              </dl>
            </Section>
            <Section title="Settings">
              <ClientForm
                poolId={poolId}
                client={client}
                submitLabel="Save app client"
                state={save.state}
                onSubmit={async (settings) => {
                  if ((await save.run(updateRequest(client, settings))).ok) reload();
                }}
              />
              {save.state.status === "success" ? (
                <p role="status" className="message success">
                  Saved.
                </p>
              ) : null}
            </Section>
            {client.ClientSecret ? <ClientSecrets poolId={poolId} clientId={clientId} /> : null}
            <Section
              title="Managed login branding"
              description="The style of this client's pages when the domain serves managed login (version 2)."
            >
              <ManagedLoginBrandingForm
                poolId={poolId}
                clientId={clientId}
                clientName={client.ClientName ?? clientId}
              />
            </Section>
            <Section
              title="Hosted UI branding"
              description="This client's CSS and logo when the domain serves the hosted UI (classic)."
            >
              <ClientClassicBranding poolId={poolId} clientId={clientId} />
            </Section>
            <Section title="Delete this app client">
              <ConfirmDelete
                what="app client"
                name={client.ClientName ?? clientId}
                consequence="Apps using this client can no longer sign anyone in."
                onDelete={async () => {
                  await api.op<DeleteUserPoolClientRequest, object>("DeleteUserPoolClient", {
                    UserPoolId: poolId,
                    ClientId: clientId,
                  });
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

/** The client's secrets by ID and date (values are never listed); rotate by adding one, then deleting the old. */
function ClientSecrets({ poolId, clientId }: { poolId: string; clientId: string }) {
  const api = useApi();
  const { state, reload } = useLoad(
    () =>
      api.op<ListUserPoolClientSecretsRequest, ListUserPoolClientSecretsResponse>("ListUserPoolClientSecrets", {
        UserPoolId: poolId,
        ClientId: clientId,
      }),
    [api, poolId, clientId],
  );
  const add = useAction(async () => {
    const r = await api.op<AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse>("AddUserPoolClientSecret", {
      UserPoolId: poolId,
      ClientId: clientId,
    });
    reload();
    return r;
  });
  const remove = useAction(async (id: string) => {
    await api.op<DeleteUserPoolClientSecretRequest, object>("DeleteUserPoolClientSecret", {
      UserPoolId: poolId,
      ClientId: clientId,
      ClientSecretId: id,
    });
    reload();
  });
  const added = add.state.status === "success" ? add.state.result.ClientSecretDescriptor?.ClientSecretValue : undefined;
  return (
    <Section
      title="Client secrets"
      description="Rotate a secret: add a new one, move the app to it, then delete the old one."
    >
      <Loaded load={state}>
        {(list) => (
          <ul className="plain">
            {(list.ClientSecrets ?? []).map((s) => (
              <li key={s.ClientSecretId} className="row">
                <span className="mono">{s.ClientSecretId}</span> <Time value={s.ClientSecretCreateDate} />{" "}
                <button
                  type="button"
                  className="secondary"
                  disabled={remove.pending}
                  onClick={() => void remove.run(s.ClientSecretId ?? "")}
                >
                  Delete secret {s.ClientSecretId}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {added ? <SecretOnce secret={added} /> : null}
      {add.state.status === "error" ? <ErrorMessage error={add.state.error} /> : null}
      {remove.state.status === "error" ? <ErrorMessage error={remove.state.error} /> : null}
      <button type="button" onClick={() => void add.run()} disabled={add.pending}>
        {add.pending ? "Adding…" : "Add a secret"}
      </button>
    </Section>
  );
}

/** The pool is read for its domain: classic branding needs one (SetUICustomization). */
function ClientClassicBranding({ poolId, clientId }: { poolId: string; clientId: string }) {
  const api = useApi();
  const { state } = useLoad(
    () => api.op<DescribeUserPoolRequest, DescribeUserPoolResponse>("DescribeUserPool", { UserPoolId: poolId }),
    [api, poolId],
  );
  return <Loaded load={state}>{({ UserPool: pool = {} }) => <BrandingForm pool={pool} clientId={clientId} />}</Loaded>;
}
