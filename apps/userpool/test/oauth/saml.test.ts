/**
 * SAML federation over HTTP: the hosted UI sends an AuthnRequest (HTTP-Redirect, signed with the pool's key), a
 * test IdP answers on /saml2/idpresponse (HTTP-POST), openid-client redeems the code. A good assertion gives
 * tokens with the mapped attributes and `identities`; every spoiled one (signature, wrapping, audience,
 * recipient, destination, times, replay, unknown request, encryption) is an error page and no code.
 */
import { createVerify } from "node:crypto";
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  GetSigningCertificateCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import type { SigningKey } from "../../src/dev/saml/response.js";
import { testEngines } from "../support/engines.js";
import {
  b64,
  encryptedResponse,
  goodInput,
  IDP_SSO,
  idpKey,
  idpMetadata,
  readAuthnRequest,
  responseXml,
  assertionXml,
  signElement,
  signedResponse,
} from "./samlIdp.js";
import { Browser, CALLBACK, OIDC_SCOPES, POOL, startOAuthUserpool, WEB, type OAuthUserpool } from "./support.js";

const MAPPING = {
  email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  given_name: "givenName",
};

describe.each(testEngines())("SAML federation on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let config: oidc.Configuration;
  let key: SigningKey;
  let acs: string;
  const clock = new ManualClock();
  const logs: Record<string, unknown>[] = [];
  let rejectionsSeen = 0;
  const STATE = "request lookup" as const;

  async function createProvider(name: string, details: Record<string, string>, certs = [key.certificate]) {
    await up.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: POOL,
        ProviderName: name,
        ProviderType: "SAML",
        ProviderDetails: { MetadataFile: idpMetadata(certs), ...details },
        AttributeMapping: MAPPING,
      }),
    );
  }

  beforeAll(async () => {
    up = await startOAuthUserpool(engine, {
      clock,
      logLevel: "info",
      logDestination: { write: (line: string) => void logs.push(JSON.parse(line)) },
    });
    key = idpKey();
    acs = `${up.hosted}/saml2/idpresponse`;
    await createProvider("TestIdP", { RequestSigningAlgorithm: "rsa-sha256", IDPInit: "true" });
    await createProvider("EncIdP", { EncryptedResponses: "true" });
    await createProvider("NoInit", {});
    await up.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: OIDC_SCOPES,
        SupportedIdentityProviders: ["COGNITO", "TestIdP", "EncIdP", "NoInit"],
        CallbackURLs: [CALLBACK],
      }),
    );
    config = await oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
    });
  }, 120_000);
  afterAll(async () => {
    await up?.cleanup();
  });
  beforeEach(() => clock.set(Date.now()));

  /** /oauth2/authorize?identity_provider=… up to the IdP's SSO URL; the AuthnRequest's ID. */
  async function spStart(provider = "TestIdP") {
    const browser = new Browser(up.tlsFetch);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: "openid email profile",
      identity_provider: provider,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: "saml-state",
    });
    const toIdp = await browser.navigate(url.toString(), [up.hosted]);
    expect(toIdp.status, toIdp.body.slice(0, 300)).toBe(302);
    expect(toIdp.location!.startsWith(`${IDP_SSO}?`)).toBe(true);
    return { browser, verifier, request: readAuthnRequest(toIdp.location!) };
  }

  const post = (browser: Browser, xml: string, relayState?: string) =>
    browser.navigate(acs, [up.hosted], {
      form: { SAMLResponse: b64(xml), ...(relayState !== undefined ? { RelayState: relayState } : {}) },
    });

  async function redeem(location: string | undefined, verifier: string) {
    expect(location, "no redirect to the client").toBeDefined();
    const cb = new URL(location!);
    expect(cb.searchParams.get("state")).toBe("saml-state");
    const tokens = await oidc.authorizationCodeGrant(config, cb, {
      pkceCodeVerifier: verifier,
      expectedState: "saml-state",
    });
    return tokens.claims()!;
  }

  /**
   * An error page, no redirect, and the check that refused it: `reason` matches the new "SAML response rejected"
   * log line, or with `STATE` the request lookup refused it before any verification (no new log line).
   */
  function expectRefused(page: { status: number; body: string; location?: string }, reason: RegExp | typeof STATE) {
    expect(page.location).toBeUndefined();
    expect(page.status).toBe(400);
    const rejections = logs.filter((l) => l.msg === "SAML response rejected");
    const fresh = rejections.slice(rejectionsSeen);
    rejectionsSeen = rejections.length;
    if (reason === STATE) {
      expect(page.body).toContain("expired or was already used");
      expect(fresh).toEqual([]);
    } else {
      expect(page.body).toContain("could not be verified");
      expect(fresh).toHaveLength(1);
      expect(String(fresh[0]!.reason)).toMatch(reason);
    }
  }

  it("sends a signed AuthnRequest and signs in with a good assertion: mapped attributes and identities", async () => {
    const { browser, verifier, request } = await spStart();
    // The AuthnRequest names us and our ACS, and is signed (RSA-SHA256) with the pool's signing certificate.
    expect(request.xml).toContain(
      `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">urn:amazon:cognito:sp:${POOL}</saml:Issuer>`,
    );
    expect(request.xml).toContain(`AssertionConsumerServiceURL="${acs}"`);
    const sigAlg = request.params.get("SigAlg");
    expect(sigAlg).toBe("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    const cert = (await up.admin.send(new GetSigningCertificateCommand({ UserPoolId: POOL }))).Certificate!;
    const signed = ["SAMLRequest", "RelayState", "SigAlg"]
      .filter((k) => request.params.has(k))
      .map((k) => `${k}=${encodeURIComponent(request.params.get(k)!)}`)
      .join("&");
    const pem = `-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----`;
    expect(createVerify("RSA-SHA256").update(signed).verify(pem, request.params.get("Signature")!, "base64")).toBe(
      true,
    );

    const back = await post(
      browser,
      signedResponse(goodInput(POOL, acs, "ada@example.com", request.id, clock.now()), key),
    );
    const id = await redeem(back.location, verifier);
    expect(id["cognito:username"]).toBe("TestIdP_ada@example.com");
    expect(id).toMatchObject({ email: "ada@example.com", given_name: "Ada" });
    expect(id.identities).toEqual([
      expect.objectContaining({ userId: "ada@example.com", providerName: "TestIdP", providerType: "SAML" }),
    ]);
    const user = await up.admin.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: "TestIdP_ada@example.com" }),
    );
    expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");

    // Only the assertion signed (the Response not) is accepted too.
    const second = await spStart();
    const i = goodInput(POOL, acs, "ada@example.com", second.request.id, clock.now());
    const again = await redeem((await post(second.browser, signedResponse(i, key, false))).location, second.verifier);
    expect(again.sub).toBe(id.sub);
  });

  it("refuses a bad signature, an unsigned response and a replayed one", async () => {
    const other = idpKey();
    let s = await spStart();
    expectRefused(
      await post(s.browser, signedResponse(goodInput(POOL, acs, "eve@example.com", s.request.id, clock.now()), other)),
      /Invalid signature/,
    );
    s = await spStart();
    const i = goodInput(POOL, acs, "eve@example.com", s.request.id, clock.now());
    expectRefused(await post(s.browser, responseXml(i, assertionXml(i))), /Invalid signature/);
    // Replay: the request it answers is used up by the first post.
    s = await spStart();
    const good = signedResponse(goodInput(POOL, acs, "rita@example.com", s.request.id, clock.now()), key);
    await redeem((await post(s.browser, good)).location, s.verifier);
    expectRefused(await post(new Browser(up.tlsFetch), good), STATE);
  });

  it("refuses XML signature wrapping: signed assertion nested in an evil one, or signed response moved", async () => {
    // Variant 1 (XSW4): the evil assertion, same ID, wraps the genuinely signed one.
    let s = await spStart();
    const genuine = goodInput(POOL, acs, "ada@example.com", s.request.id, clock.now());
    const signedAssertion = signElement(assertionXml(genuine), genuine.assertionId, key);
    const evil = assertionXml({ ...genuine, nameId: "admin@example.com" }).replace(
      "</saml:Issuer>",
      `</saml:Issuer>${signedAssertion}`,
    );
    expectRefused(await post(s.browser, responseXml(genuine, evil)), /Invalid signature/);

    // Variant 1b (XSW3): evil assertion first, signed one as its sibling.
    s = await spStart();
    const g2 = goodInput(POOL, acs, "ada@example.com", s.request.id, clock.now());
    const sibling =
      assertionXml({ ...g2, nameId: "admin@example.com" }) + signElement(assertionXml(g2), g2.assertionId, key);
    expectRefused(await post(s.browser, responseXml(g2, sibling)), /multiple assertions/);

    // Variant 2 (XSW1): a new Response carrying the evil assertion, the original signature, and the signed
    // original Response tucked into Extensions.
    s = await spStart();
    const g3 = goodInput(POOL, acs, "ada@example.com", s.request.id, clock.now());
    const original = signElement(responseXml(g3, assertionXml(g3)), g3.responseId, key);
    const signature = /<Signature[\s\S]*<\/Signature>/.exec(original)![0];
    const evilInput = { ...g3, nameId: "admin@example.com" };
    const wrapped = responseXml(evilInput, assertionXml(evilInput)).replace(
      "</saml:Issuer>",
      `</saml:Issuer>${signature}<samlp:Extensions>${original}</samlp:Extensions>`,
    );
    expectRefused(await post(s.browser, wrapped), /Invalid signature/);
    await expect(
      up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: "TestIdP_admin@example.com" })),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it("reads a NameID with a comment injected after signing as the whole signed value", async () => {
    const s = await spStart();
    const signed = signedResponse(goodInput(POOL, acs, "user@evil.com.good.com", s.request.id, clock.now()), key);
    const injected = signed.replace(
      ">user@evil.com.good.com</saml:NameID>",
      ">user@evil.com<!---->.good.com</saml:NameID>",
    );
    expect(injected).not.toBe(signed);
    const id = await redeem((await post(s.browser, injected)).location, s.verifier);
    expect(id["cognito:username"]).toBe("TestIdP_user@evil.com.good.com");
  });

  it("refuses a wrong audience, recipient or destination, and an unknown InResponseTo", async () => {
    type Input = ReturnType<typeof goodInput>;
    const cases: [RegExp | typeof STATE, (i: Input) => Input][] = [
      [/audience mismatch/, (i) => ({ ...i, audience: "urn:amazon:cognito:sp:us-east-1_Other" })],
      [/^Recipient/, (i) => ({ ...i, recipient: "https://elsewhere.example/saml2/idpresponse" })],
      [/^Destination/, (i) => ({ ...i, destination: "https://elsewhere.example/saml2/idpresponse", recipient: acs })],
      [STATE, (i) => ({ ...i, inResponseTo: "_never-sent" })],
    ];
    for (const [what, spoil] of cases) {
      const s = await spStart();
      const page = await post(
        s.browser,
        signedResponse(spoil(goodInput(POOL, acs, "x@example.com", s.request.id, clock.now())), key),
      );
      expect(page.location, String(what)).toBeUndefined();
      expectRefused(page, what);
    }
  });

  it("refuses an expired and a not-yet-valid assertion (the server's injected clock decides)", async () => {
    let s = await spStart();
    const late = signedResponse(goodInput(POOL, acs, "late@example.com", s.request.id, clock.now()), key);
    clock.advance(6 * 60_000 + 61_000); // lifetime 5 min, skew 1 min
    expectRefused(await post(s.browser, late), /assertion has expired/);
    clock.set(Date.now());
    s = await spStart();
    const early = signedResponse(
      goodInput(POOL, acs, "early@example.com", s.request.id, new Date(clock.now().getTime() + 5 * 60_000)),
      key,
    );
    expectRefused(await post(s.browser, early), /not yet valid/);
  });

  it("decrypts an encrypted assertion (AES-GCM, RSA-OAEP); refuses another key, PKCS#1 v1.5, the clear", async () => {
    const described = await up.admin.send(
      new DescribeIdentityProviderCommand({ UserPoolId: POOL, ProviderName: "EncIdP" }),
    );
    const cert = described.IdentityProvider!.ProviderDetails!.ActiveEncryptionCertificate!;
    const signing = (await up.admin.send(new GetSigningCertificateCommand({ UserPoolId: POOL }))).Certificate!;
    expect(cert).not.toBe(signing);
    let s = await spStart("EncIdP");
    const enc = await encryptedResponse(goodInput(POOL, acs, "enc@example.com", s.request.id, clock.now()), key, cert);
    const id = await redeem((await post(s.browser, enc)).location, s.verifier);
    expect(id["cognito:username"]).toBe("EncIdP_enc@example.com");

    s = await spStart("EncIdP");
    const wrongKey = await encryptedResponse(
      goodInput(POOL, acs, "enc@example.com", s.request.id, clock.now()),
      key,
      idpKey().certificate,
    );
    // RSA-OAEP under our key fails one of two ways, by chance: the other key's ciphertext is above our modulus or not.
    expectRefused(await post(s.browser, wrongKey), /oaep decoding error|data too large for modulus/);
    // Encrypted to the signing certificate: the signing key does not decrypt.
    s = await spStart("EncIdP");
    const toSigning = await encryptedResponse(
      goodInput(POOL, acs, "enc@example.com", s.request.id, clock.now()),
      key,
      signing,
    );
    expectRefused(await post(s.browser, toSigning), /oaep decoding error|data too large for modulus/);
    s = await spStart("EncIdP");
    const clear = signedResponse(goodInput(POOL, acs, "enc@example.com", s.request.id, clock.now()), key);
    expectRefused(await post(s.browser, clear), /came in the clear/);
    s = await spStart("EncIdP");
    const pkcs1 = await encryptedResponse(
      goodInput(POOL, acs, "enc@example.com", s.request.id, clock.now()),
      key,
      cert,
      "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
      "http://www.w3.org/2001/04/xmlenc#rsa-1_5",
    );
    expectRefused(await post(s.browser, pkcs1), /rsa-1_5 refused/);
  });

  it("accepts IdP-initiated sign-in with RelayState only when IDPInit is true, once per assertion", async () => {
    // This server wants PKCE from public clients, so the RelayState carries a code_challenge too.
    const verifier = oidc.randomPKCECodeVerifier();
    const challenge = await oidc.calculatePKCECodeChallenge(verifier);
    const relay = (provider: string) =>
      new URLSearchParams({
        code_challenge: challenge,
        code_challenge_method: "S256",
        response_type: "code",
        client_id: WEB,
        redirect_uri: CALLBACK,
        identity_provider: provider,
        scope: "openid email",
        state: "saml-state",
      }).toString();
    const browser = new Browser(up.tlsFetch);
    const unsolicited = signedResponse(goodInput(POOL, acs, "idpinit@example.com", undefined, clock.now()), key);
    const back = await post(browser, unsolicited, relay("TestIdP"));
    expect(back.location, back.body.slice(0, 300)).toBeDefined();
    const cb = new URL(back.location!);
    expect(cb.searchParams.get("code"), back.location).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, cb, {
      expectedState: "saml-state",
      pkceCodeVerifier: verifier,
    });
    expect(tokens.claims()?.["cognito:username"]).toBe("TestIdP_idpinit@example.com");
    // The same assertion again: its ID is remembered until it expires.
    expectRefused(await post(browser, unsolicited, relay("TestIdP")), /replayed assertion/);
    // A provider without IDPInit refuses unsolicited responses.
    const other = await post(
      browser,
      signedResponse(goodInput(POOL, acs, "idpinit@example.com", undefined, clock.now()), key),
      relay("NoInit"),
    );
    expect(other.location).toBeUndefined();
    expect(other.body).toContain("does not allow IdP-initiated sign-in");
    // No RelayState: nothing says which client to answer.
    const none = await post(
      browser,
      signedResponse(goodInput(POOL, acs, "i@example.com", undefined, clock.now()), key),
    );
    expect(none.status).toBe(400);
  });
});
