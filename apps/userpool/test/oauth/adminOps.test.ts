/** The OAuth-side admin operations through the AWS SDK v3: identity providers, resource servers, domains. */
import {
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolDomainCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  UpdateIdentityProviderCommand,
  UpdateResourceServerCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import { anonClient } from "../support/userpool.js";
import { POOL, startOAuthUserpool, type OAuthUserpool } from "./support.js";

describe.each(testEngines())("OAuth admin operations on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
  });
  afterAll(async () => {
    await up?.cleanup();
  });
  const err = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: Error) => e,
    );

  it(
    "identity providers: create, describe (details with Cognito's Google defaults), " +
      "list, update, delete; errors as Cognito names them",
    async () => {
      const details = {
        client_id: "corp-client",
        client_secret: "corp-secret-123",
        attributes_request_method: "GET",
        oidc_issuer: "https://corp.example.com",
        authorize_scopes: "openid email",
      };
      const created = await up.admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: POOL,
          ProviderName: "Corp",
          ProviderType: "OIDC",
          ProviderDetails: details,
          AttributeMapping: { email: "mail" },
          IdpIdentifiers: ["corp.example.com"],
        }),
      );
      expect(created.IdentityProvider).toMatchObject({
        ProviderName: "Corp",
        ProviderType: "OIDC",
        ProviderDetails: details,
        AttributeMapping: { username: "sub", email: "mail" },
        IdpIdentifiers: ["corp.example.com"],
      });
      expect(created.IdentityProvider!.CreationDate).toBeInstanceOf(Date);

      expect(
        await err(
          up.admin.send(
            new CreateIdentityProviderCommand({
              UserPoolId: POOL,
              ProviderName: "Corp",
              ProviderType: "OIDC",
              ProviderDetails: details,
            }),
          ),
        ),
      ).toMatchObject({ name: "DuplicateProviderException" });
      expect(
        await err(
          up.admin.send(
            new CreateIdentityProviderCommand({
              UserPoolId: POOL,
              ProviderName: "Other",
              ProviderType: "OIDC",
              ProviderDetails: details,
              IdpIdentifiers: ["corp.example.com"],
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      expect(
        await err(
          up.admin.send(
            new CreateIdentityProviderCommand({
              UserPoolId: POOL,
              ProviderName: "Corp2",
              ProviderType: "OIDC",
              ProviderDetails: { client_id: "x" },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      expect(
        await err(
          up.admin.send(
            new CreateIdentityProviderCommand({
              UserPoolId: POOL,
              ProviderName: "Saml",
              ProviderType: "SAML",
              // SAML providers exist (test/oauth/samlProviders.sdk.test.ts); metadata that is not XML does not.
              ProviderDetails: { MetadataFile: "not xml" },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      expect(
        await err(
          up.admin.send(
            new CreateIdentityProviderCommand({
              UserPoolId: POOL,
              ProviderName: "Corp3",
              ProviderType: "OIDC",
              ProviderDetails: { ...details, oidc_issuer: "http://corp.example.com" },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });

      const google = await up.admin.send(
        new DescribeIdentityProviderCommand({ UserPoolId: POOL, ProviderName: "Google" }),
      );
      expect(google.IdentityProvider!.ProviderDetails).toMatchObject({
        authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
        token_url: "https://www.googleapis.com/oauth2/v4/token",
        authorize_scopes: "openid email profile",
      });

      const page1 = await up.admin.send(new ListIdentityProvidersCommand({ UserPoolId: POOL, MaxResults: 1 }));
      expect(page1.Providers!.map((p) => p.ProviderName)).toEqual(["Corp"]);
      const page2 = await up.admin.send(
        new ListIdentityProvidersCommand({ UserPoolId: POOL, MaxResults: 1, NextToken: page1.NextToken }),
      );
      expect(page2.Providers!.map((p) => p.ProviderName)).toEqual(["Google"]);

      const updated = await up.admin.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: POOL,
          ProviderName: "Corp",
          ProviderDetails: { authorize_scopes: "openid email profile" },
          AttributeMapping: { name: "displayName" },
        }),
      );
      expect(updated.IdentityProvider).toMatchObject({
        ProviderDetails: { ...details, authorize_scopes: "openid email profile" },
        AttributeMapping: { username: "sub", name: "displayName" },
      });
      await up.admin.send(new DeleteIdentityProviderCommand({ UserPoolId: POOL, ProviderName: "Corp" }));
      expect(
        await err(up.admin.send(new DescribeIdentityProviderCommand({ UserPoolId: POOL, ProviderName: "Corp" }))),
      ).toMatchObject({ name: "ResourceNotFoundException" });
      // IAM operations: an unsigned call is refused.
      expect(await err(anonClient(up.url).send(new ListIdentityProvidersCommand({ UserPoolId: POOL })))).toBeDefined();
    },
  );

  it("resource servers: create, describe, list, update, delete", async () => {
    const rs = await up.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: POOL,
        Identifier: "https://orders.example.com",
        Name: "orders",
        Scopes: [{ ScopeName: "read", ScopeDescription: "Read orders" }],
      }),
    );
    expect(rs.ResourceServer).toEqual({
      UserPoolId: POOL,
      Identifier: "https://orders.example.com",
      Name: "orders",
      Scopes: [{ ScopeName: "read", ScopeDescription: "Read orders" }],
    });
    expect(
      await err(
        up.admin.send(
          new CreateResourceServerCommand({ UserPoolId: POOL, Identifier: "https://orders.example.com", Name: "dup" }),
        ),
      ),
    ).toMatchObject({ name: "InvalidParameterException" });
    expect(
      (await up.admin.send(new ListResourceServersCommand({ UserPoolId: POOL, MaxResults: 10 }))).ResourceServers!.map(
        (r) => r.Identifier,
      ),
    ).toEqual(["https://api.example.com", "https://orders.example.com"]);
    const up2 = await up.admin.send(
      new UpdateResourceServerCommand({
        UserPoolId: POOL,
        Identifier: "https://orders.example.com",
        Name: "orders2",
        Scopes: [],
      }),
    );
    expect(up2.ResourceServer).toMatchObject({ Name: "orders2", Scopes: [] });
    expect(
      (
        await up.admin.send(
          new DescribeResourceServerCommand({ UserPoolId: POOL, Identifier: "https://orders.example.com" }),
        )
      ).ResourceServer!.Name,
    ).toBe("orders2");
    await up.admin.send(
      new DeleteResourceServerCommand({ UserPoolId: POOL, Identifier: "https://orders.example.com" }),
    );
    expect(
      await err(
        up.admin.send(
          new DescribeResourceServerCommand({ UserPoolId: POOL, Identifier: "https://orders.example.com" }),
        ),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("domains: one per pool, unique, describe, delete; a pool without a domain has no hosted UI", async () => {
    expect(
      (await up.admin.send(new DescribeUserPoolDomainCommand({ Domain: "oauth-test" }))).DomainDescription,
    ).toMatchObject({ UserPoolId: POOL, Domain: "oauth-test", Status: "ACTIVE" });
    expect(
      (await up.admin.send(new DescribeUserPoolDomainCommand({ Domain: "no-such-domain" }))).DomainDescription,
    ).toEqual({});
    expect(
      await err(up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: POOL, Domain: "second-one" }))),
    ).toMatchObject({ name: "InvalidParameterException" });
    expect(
      await err(up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: POOL, Domain: "my-cognito-login" }))),
    ).toMatchObject({ name: "InvalidParameterException" });
    await up.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: POOL, Domain: "oauth-test" }));
    const res = await up.tlsFetch(
      `${up.hosted}/oauth2/authorize?client_id=oauthwebclient000000000001&response_type=code` +
        `&redirect_uri=${encodeURIComponent("http://localhost:3000/")}`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("no domain");
    const created = await up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: POOL, Domain: "oauth-test" }));
    expect(created.ManagedLoginVersion).toBe(1);
  });
});
