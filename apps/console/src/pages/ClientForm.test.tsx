import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeConsole, renderConsole } from "../test/fakeConsole";
import { ClientNewPage, ClientPage } from "./ClientsPages";

const POOL = "us-east-1_Test01";
const providers = () => ({ Providers: [{ ProviderName: "Google", ProviderType: "Google" }] });

describe("app client forms", () => {
  it("creates a client with flows, lifetimes in units, URLs and providers; shows the secret once", async () => {
    const fake = fakeConsole({
      ListIdentityProviders: providers,
      CreateUserPoolClient: (b) => ({
        UserPoolClient: { ClientId: "abc123", ClientName: b.ClientName, ClientSecret: "s3cr3t-value" },
      }),
    });
    renderConsole(<ClientNewPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("App client name"), "Back office");
    await user.click(screen.getByLabelText("Generate a client secret (for a server-side app)"));
    await user.click(screen.getByLabelText("Username and password"));
    const access = screen.getByLabelText("Access token (minutes)");
    await user.clear(access);
    await user.type(access, "15");
    await user.click(screen.getByLabelText("OAuth 2.0 enabled for this client"));
    await user.click(screen.getByLabelText("Authorization code"));
    await user.type(screen.getByLabelText("Callback URLs"), "https://app.example.com/cb{Enter}http://localhost:3000/");
    await user.click(await screen.findByLabelText("Google"));
    await user.click(screen.getByRole("button", { name: "Create app client" }));
    await waitFor(() => expect(fake.opCalls("CreateUserPoolClient")).toHaveLength(1));
    expect(fake.opCalls("CreateUserPoolClient")[0]).toEqual({
      UserPoolId: POOL,
      ClientName: "Back office",
      GenerateSecret: true,
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AccessTokenValidity: 15,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      CallbackURLs: ["https://app.example.com/cb", "http://localhost:3000/"],
      LogoutURLs: [],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      SupportedIdentityProviders: ["COGNITO", "Google"],
    });
    expect(await screen.findByText("s3cr3t-value")).toBeInTheDocument();
    expect(screen.getByText("Copy the client secret now: it is not shown again.")).toBeInTheDocument();
  });

  it("with OAuth off, sends no OAuth flows (Cognito refuses an empty list)", async () => {
    const fake = fakeConsole({
      ListIdentityProviders: providers,
      CreateUserPoolClient: (b) => ({ UserPoolClient: { ClientId: "abc123", ClientName: b.ClientName } }),
    });
    renderConsole(<ClientNewPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("App client name"), "Plain");
    await user.click(screen.getByRole("button", { name: "Create app client" }));
    await waitFor(() => expect(fake.opCalls("CreateUserPoolClient")).toHaveLength(1));
    // What goes on the wire: JSON, where an undefined member is left out.
    const sent = JSON.parse(JSON.stringify(fake.opCalls("CreateUserPoolClient")[0])) as Record<string, unknown>;
    expect(sent).not.toHaveProperty("AllowedOAuthFlows");
    expect(sent.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(await screen.findByText(/Created Plain/)).toBeInTheDocument();
  });

  it("names what is wrong and sends nothing", async () => {
    const fake = fakeConsole({ ListIdentityProviders: providers });
    renderConsole(<ClientNewPage poolId={POOL} />, fake.api);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("App client name"), "bad/name");
    const id = screen.getByLabelText("ID token (minutes)");
    await user.clear(id);
    await user.type(id, "2000");
    await user.click(screen.getByLabelText("OAuth 2.0 enabled for this client"));
    await user.clear(screen.getByLabelText("Scopes"));
    await user.type(screen.getByLabelText("Sign-out URLs"), "http://app.example.com/bye");
    await user.click(screen.getByRole("button", { name: "Create app client" }));
    expect(screen.getByText(/^Enter a name of 1–128/)).toBeInTheDocument();
    expect(screen.getByText("Enter minutes from 5 to 1440 (1 day)")).toBeInTheDocument();
    expect(screen.getByText("http://app.example.com/bye: use https (http only for localhost)")).toBeInTheDocument();
    expect(screen.getByText("Choose at least one OAuth flow, or turn OAuth off")).toBeInTheDocument();
    expect(screen.getByText("Enter at least one scope, such as openid")).toBeInTheDocument();
    expect(fake.opCalls("CreateUserPoolClient")).toHaveLength(0);
  });

  it("updates a client with its other settings kept, never sending its secret back", async () => {
    const client = {
      UserPoolId: POOL,
      ClientId: "web1",
      ClientName: "Web",
      ClientSecret: "must-not-be-sent",
      CreationDate: 1_700_000_000,
      LastModifiedDate: 1_700_000_000,
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      SupportedIdentityProviders: ["COGNITO"],
    };
    const fake = fakeConsole({
      DescribeUserPoolClient: () => ({ UserPoolClient: client }),
      ListIdentityProviders: () => ({ Providers: [] }),
      ListUserPoolClientSecrets: () => ({ ClientSecrets: [] }),
      UpdateUserPoolClient: () => ({}),
    });
    renderConsole(<ClientPage poolId={POOL} clientId="web1" />, fake.api);
    const user = userEvent.setup();
    expect(await screen.findByLabelText("Access token (minutes)")).toHaveValue(60);
    await user.click(screen.getByRole("button", { name: "Save app client" }));
    await waitFor(() => expect(fake.opCalls("UpdateUserPoolClient")).toHaveLength(1));
    const sent = fake.opCalls("UpdateUserPoolClient")[0] ?? {};
    expect(sent).toMatchObject({
      UserPoolId: POOL,
      ClientId: "web1",
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
    });
    expect(sent).not.toHaveProperty("ClientSecret");
    expect(sent).not.toHaveProperty("CreationDate");
    expect(screen.queryByText("must-not-be-sent")).not.toBeInTheDocument();
  });
});
