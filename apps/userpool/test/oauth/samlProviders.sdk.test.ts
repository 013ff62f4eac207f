/**
 * SAML identity providers through the AWS SDK (Create/Describe/Update/ListIdentityProviders): Cognito's
 * ProviderDetails keys, the keys Describe adds, metadata refused with InvalidParameterException naming the
 * problem; and a sign-in through the development SAML IdP registered by its MetadataURL.
 */
import {
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  GetSigningCertificateCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cryptoRandom } from "../../src/random.js";
import { selfSignedCertificate } from "../../src/services/samlCertificates.js";
import { generateKeyPairSync } from "node:crypto";
import { testEngines } from "../support/engines.js";
import { IDP_SSO, idpKey, idpMetadata } from "./samlIdp.js";
import {
  Browser,
  CALLBACK,
  OIDC_SCOPES,
  parseForm,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
} from "./support.js";

describe.each(testEngines())("SAML identity providers on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let cert: string;

  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    cert = idpKey().certificate;
  }, 120_000);
  afterAll(async () => {
    await up?.cleanup();
  });

  const create = (name: string, details: Record<string, string>, ids?: string[]) =>
    up.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: POOL,
        ProviderName: name,
        ProviderType: "SAML",
        ProviderDetails: details,
        AttributeMapping: { email: "email" },
        ...(ids ? { IdpIdentifiers: ids } : {}),
      }),
    );

  it("creates, describes, lists and updates a SAML provider with Cognito's details", async () => {
    const created = await create(
      "Corp",
      { MetadataFile: idpMetadata([cert]), IDPInit: "true", RequestSigningAlgorithm: "rsa-sha256" },
      ["corp.example"],
    );
    expect(created.IdentityProvider).toMatchObject({ ProviderType: "SAML", IdpIdentifiers: ["corp.example"] });
    const d = (await up.admin.send(new DescribeIdentityProviderCommand({ UserPoolId: POOL, ProviderName: "Corp" })))
      .IdentityProvider!;
    expect(d.ProviderDetails).toEqual({
      MetadataFile: idpMetadata([cert]),
      IDPInit: "true",
      RequestSigningAlgorithm: "rsa-sha256",
      SSORedirectBindingURI: IDP_SSO,
    });
    expect(d.AttributeMapping).toMatchObject({ email: "email" });
    const list = await up.admin.send(new ListIdentityProvidersCommand({ UserPoolId: POOL, MaxResults: 60 }));
    expect(list.Providers!.map((p) => [p.ProviderName, p.ProviderType])).toContainEqual(["Corp", "SAML"]);

    // EncryptedResponses: Describe shows the certificate assertions must be encrypted to (the pool's).
    const withSlo = idpMetadata([cert]).replace(
      "</md:IDPSSODescriptor>",
      '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ' +
        'Location="https://idp.test.example/saml/slo"/></md:IDPSSODescriptor>',
    );
    const updated = await up.admin.send(
      new UpdateIdentityProviderCommand({
        UserPoolId: POOL,
        ProviderName: "Corp",
        ProviderDetails: { MetadataFile: withSlo, EncryptedResponses: "true" },
      }),
    );
    const signing = (await up.admin.send(new GetSigningCertificateCommand({ UserPoolId: POOL }))).Certificate;
    expect(updated.IdentityProvider!.ProviderDetails).toEqual({
      MetadataFile: withSlo,
      IDPInit: "true",
      RequestSigningAlgorithm: "rsa-sha256",
      EncryptedResponses: "true",
      SSORedirectBindingURI: IDP_SSO,
      SLORedirectBindingURI: "https://idp.test.example/saml/slo",
      ActiveEncryptionCertificate: expect.stringMatching(/^MII[A-Za-z0-9+/]+=*$/),
    });
    // A key of its own, as Cognito keeps: the signing key never decrypts (ADR 0048).
    expect(updated.IdentityProvider!.ProviderDetails!.ActiveEncryptionCertificate).not.toBe(signing);
  });

  it("refuses bad details and bad metadata with InvalidParameterException naming the problem", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const expired = selfSignedCertificate({ privateKey, publicKey }, "old", new Date("2000-01-01"), 1, cryptoRandom);
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /MetadataURL or ProviderDetails\.MetadataFile is required/],
      [{ MetadataFile: "<not xml", IDPInit: "false" }, /not well-formed XML/],
      [{ MetadataFile: "<a/>" }, /root must be an md:EntityDescriptor/],
      [{ MetadataFile: idpMetadata([]) }, /no signing certificate/],
      [{ MetadataFile: idpMetadata([expired]) }, /signing certificate has expired/],
      [{ MetadataFile: idpMetadata(["bm90IGEgY2VydA=="]) }, /not a valid X\.509 certificate/],
      [{ MetadataFile: idpMetadata([cert]).replace("HTTP-Redirect", "HTTP-POST") }, /HTTP-Redirect binding/],
      [{ MetadataFile: idpMetadata([cert]), MetadataURL: "https://idp.example/m" }, /not both/],
      [{ MetadataFile: idpMetadata([cert]), RequestSigningAlgorithm: "rsa-sha1" }, /must be rsa-sha256/],
      [{ MetadataFile: idpMetadata([cert]), IDPInit: "yes" }, /IDPInit must be true or false/],
      [{ MetadataFile: idpMetadata([cert]), IDPSignout: "true" }, /IDPSignout true needs a SingleLogoutService/],
      [{ MetadataFile: idpMetadata([cert]), client_id: "x" }, /key client_id is not valid for SAML/],
      [{ MetadataURL: "ftp://idp.example/m" }, /MetadataURL must be an https URL/],
      [{ MetadataFile: `<!DOCTYPE x [<!ENTITY a "b">]>${idpMetadata([cert])}` }, /must not contain a DOCTYPE/],
    ];
    for (const [details, message] of cases)
      await expect(create("Bad", details), JSON.stringify(details).slice(0, 80)).rejects.toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringMatching(message),
      });
  });

  it("signs in through the development SAML IdP, registered by its MetadataURL", async () => {
    const created = await create("DevSaml", { MetadataURL: `${up.hosted}/_dev/saml/metadata` });
    expect(created.IdentityProvider!.ProviderDetails!.SSORedirectBindingURI).toBe(`${up.hosted}/_dev/saml/sso`);
    await up.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: OIDC_SCOPES,
        SupportedIdentityProviders: ["COGNITO", "DevSaml"],
        CallbackURLs: [CALLBACK],
      }),
    );
    const config = await oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const browser = new Browser(up.tlsFetch);
    const chooser = await browser.navigate(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: CALLBACK,
          scope: "openid email",
          identity_provider: "DevSaml",
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
          state: "dev-saml",
        })
        .toString(),
      [up.hosted],
    );
    expect(chooser.status, chooser.body.slice(0, 300)).toBe(200);
    expect(chooser.body).toContain("grace.hopper@example.com");
    const { action, fields } = parseForm(chooser);
    const continuePage = await browser.request(action, { form: { ...fields, account: "grace.hopper@example.com" } });
    expect(continuePage.status).toBe(200);
    const post = parseForm(continuePage);
    expect(post.action).toBe(`${up.hosted}/saml2/idpresponse`);
    const back = await browser.navigate(post.action, [up.hosted], { form: post.fields });
    expect(back.location, back.body.slice(0, 300)).toBeDefined();
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), {
      pkceCodeVerifier: verifier,
      expectedState: "dev-saml",
    });
    expect(tokens.claims()).toMatchObject({
      "cognito:username": "DevSaml_grace.hopper@example.com",
      email: "grace.hopper@example.com",
    });
  });
});
