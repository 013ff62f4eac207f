import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeConsole, renderConsole } from "../test/fakeConsole";
import { GroupsPage } from "./GroupsPage";
import { IdentityProvidersPage } from "./IdentityProvidersPage";
import { ResourceServersPage } from "./ResourceServersPage";

const POOL = "us-east-1_Test01";

describe("GroupsPage", () => {
  it("creates a group with its precedence, and refuses a bad one", async () => {
    const fake = fakeConsole({ ListGroups: () => ({ Groups: [] }), CreateGroup: () => ({}) });
    renderConsole(<GroupsPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Group name"), "editors");
    await user.type(screen.getByLabelText("Precedence"), "-1");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(screen.getByText("Enter a whole number, 0 or more (lower wins)")).toBeInTheDocument();
    expect(fake.opCalls("CreateGroup")).toHaveLength(0);
    await user.clear(screen.getByLabelText("Precedence"));
    await user.type(screen.getByLabelText("Precedence"), "2");
    await user.type(screen.getByLabelText("Description"), "Can edit");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(await screen.findByText("Created editors.")).toBeInTheDocument();
    expect(fake.opCalls("CreateGroup")).toEqual([
      { UserPoolId: POOL, GroupName: "editors", Description: "Can edit", Precedence: 2 },
    ]);
  });
});

describe("ResourceServersPage", () => {
  it("creates a resource server with its scopes from `scope: description` lines", async () => {
    const fake = fakeConsole({
      ListResourceServers: () => ({ ResourceServers: [] }),
      CreateResourceServer: () => ({}),
    });
    renderConsole(<ResourceServersPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Identifier"), "https://api.example.com");
    await user.type(screen.getByLabelText("Name"), "Orders API");
    await user.type(screen.getByLabelText("Scopes"), "read: Read orders{Enter}write: Change orders");
    await user.click(screen.getByRole("button", { name: "Create resource server" }));
    await waitFor(() => expect(fake.opCalls("CreateResourceServer")).toHaveLength(1));
    expect(fake.opCalls("CreateResourceServer")[0]).toEqual({
      UserPoolId: POOL,
      Identifier: "https://api.example.com",
      Name: "Orders API",
      Scopes: [
        { ScopeName: "read", ScopeDescription: "Read orders" },
        { ScopeName: "write", ScopeDescription: "Change orders" },
      ],
    });
  });

  it("names a scope line without a description", async () => {
    const fake = fakeConsole({
      ListResourceServers: () => ({ ResourceServers: [] }),
      CreateResourceServer: () => ({}),
    });
    renderConsole(<ResourceServersPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Identifier"), "orders");
    await user.type(screen.getByLabelText("Name"), "Orders");
    await user.type(screen.getByLabelText("Scopes"), "read");
    await user.click(screen.getByRole("button", { name: "Create resource server" }));
    expect(screen.getByText('Line 1 is not "scope: description"')).toBeInTheDocument();
    expect(fake.opCalls("CreateResourceServer")).toHaveLength(0);
  });
});

describe("IdentityProvidersPage", () => {
  it("adds an OIDC provider with details and attribute mapping from `name = value` lines", async () => {
    const fake = fakeConsole({ ListIdentityProviders: () => ({ Providers: [] }), CreateIdentityProvider: () => ({}) });
    renderConsole(<IdentityProvidersPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Provider name"), "Corp");
    await user.selectOptions(screen.getByLabelText("Type"), "OIDC");
    await user.type(
      screen.getByLabelText("Provider details"),
      "client_id = abc{Enter}authorize_scopes = openid email{Enter}oidc_issuer = https://id.example.com",
    );
    await user.type(screen.getByLabelText("Attribute mapping"), "email = email");
    await user.click(screen.getByRole("button", { name: "Add identity provider" }));
    await waitFor(() => expect(fake.opCalls("CreateIdentityProvider")).toHaveLength(1));
    expect(fake.opCalls("CreateIdentityProvider")[0]).toEqual({
      UserPoolId: POOL,
      ProviderName: "Corp",
      ProviderType: "OIDC",
      ProviderDetails: { client_id: "abc", authorize_scopes: "openid email", oidc_issuer: "https://id.example.com" },
      AttributeMapping: { email: "email" },
      IdpIdentifiers: [],
    });
  });
});
