/**
 * SAML in production: the development SAML IdP is not served, and a MetadataURL must be https (in development
 * the development IdP's own URL is accepted; samlProviders.sdk.test.ts).
 */
import { createServer } from "node:net";
import { CreateIdentityProviderCommand, CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import { adminClient, productionOptions, startTestUserpoolOn, type EngineUserpool } from "../support/userpool.js";
import { idpKey, idpMetadata } from "./samlIdp.js";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe.each(testEngines())("SAML in production on $name", (engine) => {
  let up: EngineUserpool;
  let hostedPort: number;
  let admin: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    hostedPort = await freePort();
    const opts = productionOptions();
    const [accessKeyId, secretAccessKey] = Object.entries(opts.adminCredentials!)[0]!;
    // Behind a TLS-terminating proxy, so the hosted listener serves plain HTTP on a known port.
    up = await startTestUserpoolOn(engine, {
      ...opts,
      hosted: { tls: "proxy", hostedBase: "https://auth.example.com", httpsPort: hostedPort },
      env: { USERPOOL_TRUSTED_PROXY_HOPS: "0" },
      config: { UserPools: [] },
    });
    admin = adminClient(up.url, { accessKeyId, secretAccessKey });
  }, 60_000);
  afterAll(async () => {
    await up?.stop();
  });

  it("serves no development SAML IdP and wants an https MetadataURL", async () => {
    // Nor the development pages of the development providers and of the listener's root (devProviderHomes.test.ts).
    for (const path of ["/_dev/saml/metadata", "/_dev/saml/sso", "/_dev/saml", "/_dev/google", "/"]) {
      const res = await fetch(`http://127.0.0.1:${hostedPort}${path}`);
      expect(res.status, path).toBe(404);
    }
    // The hosted listener is up: the SAML endpoint answers (an error page for an empty post, not a 404).
    const acs = await fetch(`http://127.0.0.1:${hostedPort}/saml2/idpresponse`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "RelayState=x",
    });
    expect(acs.status).toBe(400);
    const pool = (await admin.send(new CreateUserPoolCommand({ PoolName: "saml-prod" }))).UserPool!;
    await expect(
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool.Id!,
          ProviderName: "Corp",
          ProviderType: "SAML",
          ProviderDetails: { MetadataURL: `http://127.0.0.1:${hostedPort}/_dev/saml/metadata` },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "ProviderDetails.MetadataURL must be an https URL.",
    });
    // A MetadataFile is fine in production.
    const created = await admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool.Id!,
        ProviderName: "Corp",
        ProviderType: "SAML",
        ProviderDetails: { MetadataFile: idpMetadata([idpKey().certificate]) },
      }),
    );
    expect(created.IdentityProvider!.ProviderType).toBe("SAML");
  });
});
