/**
 * SAML single logout (Cognito's "SAML sign-out flow") over HTTP. SP-initiated: /logout for a user who signed in
 * through a provider with IDPSignout sends a LogoutRequest signed with the pool's key to the IdP's
 * SingleLogoutService, and the IdP's signed LogoutResponse at /saml2/logout completes the redirect to the
 * logout_uri. IdP-initiated: a signed LogoutRequest at /saml2/logout ends the user's hosted sessions and is
 * answered with a signed LogoutResponse. Each spoiled message (signature, InResponseTo, Destination, replay)
 * is an error page and no redirect.
 */
import {
  CreateIdentityProviderCommand,
  GetSigningCertificateCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { logoutRequestXml, logoutResponseXml, type SigningKey } from "../../src/dev/saml/response.js";
import { testEngines } from "../support/engines.js";
import {
  b64,
  goodInput,
  IDP_ENTITY,
  IDP_SLO,
  IDP_SSO,
  idpKey,
  idpMetadata,
  readAuthnRequest,
  readRedirectMessage,
  signElement,
  signedResponse,
} from "./samlIdp.js";
import {
  Browser,
  CALLBACK,
  LOGOUT,
  OIDC_SCOPES,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
} from "./support.js";

describe.each(testEngines())("SAML single logout on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let config: oidc.Configuration;
  let key: SigningKey;
  let poolCert: string;
  let acs: string;
  let slo: string;
  const clock = new ManualClock();
  const logs: Record<string, unknown>[] = [];
  let seen = 0;

  beforeAll(async () => {
    up = await startOAuthUserpool(engine, {
      clock,
      logLevel: "info",
      logDestination: { write: (line: string) => void logs.push(JSON.parse(line)) },
    });
    key = idpKey();
    acs = `${up.hosted}/saml2/idpresponse`;
    slo = `${up.hosted}/saml2/logout`;
    for (const [name, details] of [
      ["SloIdP", { IDPSignout: "true" }],
      ["NoSlo", {}],
    ] as const)
      await up.admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: POOL,
          ProviderName: name,
          ProviderType: "SAML",
          // Only SloIdP's sessions go through single logout; NoSlo (another entity, same SLO URL) has no IDPSignout.
          ProviderDetails: {
            MetadataFile: idpMetadata([key.certificate], `${IDP_ENTITY}/${name}`, IDP_SSO, IDP_SLO),
            ...details,
          },
          AttributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
        }),
      );
    await up.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: OIDC_SCOPES,
        SupportedIdentityProviders: ["COGNITO", "SloIdP", "NoSlo"],
        CallbackURLs: [CALLBACK],
        LogoutURLs: [LOGOUT],
      }),
    );
    poolCert = (await up.admin.send(new GetSigningCertificateCommand({ UserPoolId: POOL }))).Certificate!;
    config = await oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
    });
  }, 120_000);
  afterAll(async () => {
    await up?.cleanup();
  });
  beforeEach(() => clock.set(Date.now()));

  async function authorizeUrl(extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    return oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: "openid email",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        ...extra,
      })
      .toString();
  }

  /** A browser signed in to the hosted UI through `provider` as `nameId`. */
  async function signedIn(nameId: string, provider = "SloIdP") {
    const browser = new Browser(up.tlsFetch);
    const toIdp = await browser.navigate(await authorizeUrl({ identity_provider: provider }), [up.hosted]);
    const { id } = readAuthnRequest(toIdp.location!);
    const entity = `${IDP_ENTITY}/${provider}`;
    const back = await browser.navigate(acs, [up.hosted], {
      form: {
        SAMLResponse: b64(signedResponse({ ...goodInput(POOL, acs, nameId, id, clock.now()), issuer: entity }, key)),
      },
    });
    expect(back.location, back.body.slice(-300)).toMatch(/^http:\/\/localhost:3000\/\?code=/);
    return browser;
  }

  /** Whether `browser` still has a hosted session: /oauth2/authorize answers straight with a code. */
  async function hasSession(browser: Browser) {
    const page = await browser.navigate(await authorizeUrl(), [up.hosted]);
    return page.location?.startsWith(`${CALLBACK}?code=`) ?? false;
  }

  /** /logout with logout_uri up to the IdP; the LogoutRequest's ID and XML. */
  async function spLogout(browser: Browser) {
    const toIdp = await browser.navigate(
      `${up.hosted}/logout?client_id=${WEB}&logout_uri=${encodeURIComponent(LOGOUT)}`,
      [up.hosted],
    );
    expect(toIdp.location?.startsWith(`${IDP_SLO}?`), toIdp.location).toBe(true);
    const { xml, signatureValid } = readRedirectMessage(toIdp.location!, poolCert);
    expect(signatureValid).toBe(true);
    const id = /\sID="([^"]+)"/.exec(xml)![1]!;
    return { id, xml };
  }

  const logoutResponse = (
    inResponseTo: string,
    o: { signer?: SigningKey; destination?: string; issuer?: string } = {},
  ) => {
    const id = `_lr${crypto.randomUUID()}`;
    const xml = logoutResponseXml({
      id,
      issuer: o.issuer ?? `${IDP_ENTITY}/SloIdP`,
      destination: o.destination ?? slo,
      inResponseTo,
      now: clock.now(),
    });
    return b64(signElement(xml, id, o.signer ?? key));
  };

  const postLogout = (browser: Browser, form: Record<string, string>) => browser.navigate(slo, [up.hosted], { form });

  /** An error page, no redirect; with `reason`, the "SAML logout message rejected" log line says why. */
  function expectRefused(page: { status: number; body: string; location?: string }, reason?: RegExp) {
    expect(page.location).toBeUndefined();
    expect(page.status).toBe(400);
    expect(page.body).toContain("Sign-out failed");
    const fresh = logs.filter((l) => l.msg === "SAML logout message rejected").slice(seen);
    seen += fresh.length;
    if (reason) {
      expect(fresh).toHaveLength(1);
      expect(String(fresh[0]!.reason)).toMatch(reason);
    } else expect(fresh).toEqual([]);
  }

  it("SP-initiated: a signed LogoutRequest for the user's NameID; the LogoutResponse leads to logout_uri", async () => {
    const browser = await signedIn("ada@example.com");
    expect(await hasSession(browser)).toBe(true);
    const { id, xml } = await spLogout(browser);
    expect(xml).toContain(`Destination="${IDP_SLO}"`);
    expect(xml).toContain(`<saml:Issuer>urn:amazon:cognito:sp:${POOL}</saml:Issuer>`);
    expect(xml).toContain("<saml:NameID>ada@example.com</saml:NameID>");
    // The user pool's session ended when the request went out.
    expect(await hasSession(browser)).toBe(false);
    const done = await postLogout(browser, { SAMLResponse: logoutResponse(id) });
    expect(done.status).toBe(302);
    expect(done.location).toBe(LOGOUT);
    // Replay: the request it answered is used up.
    expectRefused(await postLogout(browser, { SAMLResponse: logoutResponse(id) }));
  });

  it("refuses a LogoutResponse with a bad signature, unsigned, for another InResponseTo or Destination", async () => {
    const other = idpKey();
    let s = await spLogout(await signedIn("bea@example.com"));
    expectRefused(
      await postLogout(new Browser(up.tlsFetch), { SAMLResponse: logoutResponse(s.id, { signer: other }) }),
      /Invalid signature/,
    );

    s = await spLogout(await signedIn("bea@example.com"));
    const unsigned = logoutResponseXml({
      id: "_u1",
      issuer: `${IDP_ENTITY}/SloIdP`,
      destination: slo,
      inResponseTo: s.id,
      now: clock.now(),
    });
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLResponse: b64(unsigned) }), /Invalid signature/);

    // An InResponseTo we never sent finds no request.
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLResponse: logoutResponse("_never-sent") }));

    // The signed InResponseTo is what counts: a Response re-labelled after signing breaks the signature.
    s = await spLogout(await signedIn("bea@example.com"));
    const t = await spLogout(await signedIn("bea@example.com"));
    const relabelled = Buffer.from(logoutResponse(s.id), "base64").toString("utf8").replace(s.id, t.id);
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLResponse: b64(relabelled) }), /Invalid signature/);

    s = await spLogout(await signedIn("bea@example.com"));
    expectRefused(
      await postLogout(new Browser(up.tlsFetch), {
        SAMLResponse: logoutResponse(s.id, { destination: "https://elsewhere.example/saml2/logout" }),
      }),
      /^Destination/,
    );
    s = await spLogout(await signedIn("bea@example.com"));
    expectRefused(
      await postLogout(new Browser(up.tlsFetch), {
        SAMLResponse: logoutResponse(s.id, { issuer: `${IDP_ENTITY}/NoSlo` }),
      }),
      /^Issuer/,
    );
  });

  it("a session from a provider without IDPSignout signs out here only", async () => {
    const browser = await signedIn("cy@example.com", "NoSlo");
    const out = await browser.navigate(
      `${up.hosted}/logout?client_id=${WEB}&logout_uri=${encodeURIComponent(LOGOUT)}`,
      [up.hosted],
    );
    expect(out.location).toBe(LOGOUT);
    expect(await hasSession(browser)).toBe(false);
  });

  it("IdP-initiated: a signed LogoutRequest ends the user's sessions, gets a signed LogoutResponse, once", async () => {
    const browser = await signedIn("dee@example.com");
    const request = (o: { signer?: SigningKey; id?: string; sp?: string } = {}) => {
      const id = o.id ?? `_idp${crypto.randomUUID()}`;
      const xml = logoutRequestXml({
        id,
        issuer: `${IDP_ENTITY}/SloIdP`,
        destination: slo,
        nameId: "dee@example.com",
        spNameQualifier: o.sp ?? `urn:amazon:cognito:sp:${POOL}`,
        now: clock.now(),
      });
      return { id, b64: b64(signElement(xml, id, o.signer ?? key)) };
    };
    // Refused first, the session untouched: another key, a pool that is not ours.
    expectRefused(
      await postLogout(new Browser(up.tlsFetch), { SAMLRequest: request({ signer: idpKey() }).b64 }),
      /Invalid signature/,
    );
    expectRefused(
      await postLogout(new Browser(up.tlsFetch), {
        SAMLRequest: request({ sp: "urn:amazon:cognito:sp:us-east-1_Nope" }).b64,
      }),
    );
    expect(await hasSession(browser)).toBe(true);

    // The IdP's front channel is another request than the user's cookie: the session ends by user, server-side.
    const good = request();
    const answer = await postLogout(new Browser(up.tlsFetch), { SAMLRequest: good.b64 });
    expect(answer.location?.startsWith(`${IDP_SLO}?`), answer.body.slice(-300)).toBe(true);
    const { xml, signatureValid } = readRedirectMessage(answer.location!, poolCert);
    expect(signatureValid).toBe(true);
    expect(xml).toContain(`InResponseTo="${good.id}"`);
    expect(xml).toContain('StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"');
    expect(await hasSession(browser)).toBe(false);

    // Replay of the same request.
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLRequest: good.b64 }), /replayed/);
  });
});
