/**
 * SAML single logout (Cognito's "SAML sign-out flow") over HTTP. SP-initiated: /logout (Cognito's logout_uri or
 * OIDC RP-Initiated Logout) for a user who signed in through a provider with IDPSignout sends a LogoutRequest
 * signed with the pool's key, naming the session's SessionIndex, to the IdP's SingleLogoutService, and the IdP's
 * signed LogoutResponse at /saml2/logout completes the redirect to the sign-out request's target. IdP-initiated:
 * a signed LogoutRequest at /saml2/logout ends the user's hosted sessions and is answered with a signed
 * LogoutResponse. Each spoiled message (signature, InResponseTo, Destination, replay) is an error page and no
 * redirect.
 */
import {
  CreateIdentityProviderCommand,
  GetSigningCertificateCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import {
  assertionXml,
  logoutRequestXml,
  logoutResponseXml,
  type ResponseInput,
  responseXml,
  type SigningKey,
} from "../../src/dev/saml/response.js";
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

  let lastVerifier = "";
  async function authorizeUrl(extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    lastVerifier = verifier;
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

  /** A browser signed in to the hosted UI through `provider` as `nameId`; the assertion carries `sessionIndex`. */
  async function signedIn(nameId: string, provider = "SloIdP", sessionIndex?: string) {
    return (await signedInWithTokens(nameId, provider, sessionIndex)).browser;
  }

  async function signedInWithTokens(
    nameId: string,
    provider = "SloIdP",
    sessionIndex?: string,
    sign: (input: ResponseInput) => string = (input) => signedResponse(input, key),
  ) {
    const browser = new Browser(up.tlsFetch);
    const toIdp = await browser.navigate(await authorizeUrl({ identity_provider: provider }), [up.hosted]);
    const verifier = lastVerifier;
    const { id } = readAuthnRequest(toIdp.location!);
    const entity = `${IDP_ENTITY}/${provider}`;
    const input = { ...goodInput(POOL, acs, nameId, id, clock.now()), issuer: entity };
    const back = await browser.navigate(acs, [up.hosted], {
      form: { SAMLResponse: b64(sign(sessionIndex ? { ...input, sessionIndex } : input)) },
    });
    expect(back.location, back.body.slice(-300)).toMatch(/^http:\/\/localhost:3000\/\?code=/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), { pkceCodeVerifier: verifier });
    return { browser, idToken: tokens.id_token!, refreshToken: tokens.refresh_token! };
  }

  /** Whether the token endpoint still refreshes `refreshToken` (false: invalid_grant, the session was revoked). */
  async function refreshes(refreshToken: string) {
    try {
      await oidc.refreshTokenGrant(config, refreshToken);
      return true;
    } catch (e) {
      if (e instanceof oidc.ResponseBodyError && e.error === "invalid_grant") return false;
      throw e;
    }
  }

  /** A LogoutRequest from SloIdP for `nameId`, signed with the IdP's key (another signer for a forgery). */
  function idpLogoutRequest(
    nameId: string,
    o: { signer?: SigningKey; id?: string; sp?: string; sessionIndexes?: string[] } = {},
  ) {
    const id = o.id ?? `_idp${crypto.randomUUID()}`;
    const xml = logoutRequestXml({
      id,
      issuer: `${IDP_ENTITY}/SloIdP`,
      destination: slo,
      nameId,
      spNameQualifier: o.sp ?? `urn:amazon:cognito:sp:${POOL}`,
      ...(o.sessionIndexes ? { sessionIndexes: o.sessionIndexes } : {}),
      now: clock.now(),
    });
    return { id, b64: b64(signElement(xml, id, o.signer ?? key)) };
  }

  /** Posts an IdP's LogoutRequest; expects our signed Success LogoutResponse to it, back at the IdP. */
  async function expectLoggedOutAnswer(request: { id: string; b64: string }) {
    const answer = await postLogout(new Browser(up.tlsFetch), { SAMLRequest: request.b64 });
    expect(answer.location?.startsWith(`${IDP_SLO}?`), answer.body.slice(-300)).toBe(true);
    const { xml, signatureValid } = readRedirectMessage(answer.location!, poolCert);
    expect(signatureValid).toBe(true);
    expect(xml).toContain(`InResponseTo="${request.id}"`);
    expect(xml).toContain('StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"');
  }

  /** Whether `browser` still has a hosted session: /oauth2/authorize answers straight with a code. */
  async function hasSession(browser: Browser) {
    const page = await browser.navigate(await authorizeUrl(), [up.hosted]);
    return page.location?.startsWith(`${CALLBACK}?code=`) ?? false;
  }

  /**
   * /logout up to the IdP (Cognito's logout_uri by default, or the given OIDC RP-Initiated Logout parameters); the
   * LogoutRequest's ID and XML.
   */
  async function spLogout(browser: Browser, rp?: Record<string, string>) {
    const toIdp = await browser.navigate(
      rp
        ? `${up.hosted}/logout?${new URLSearchParams(rp)}`
        : `${up.hosted}/logout?client_id=${WEB}&logout_uri=${encodeURIComponent(LOGOUT)}`,
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
    const browser = await signedIn("ada@example.com", "SloIdP", "idx-ada-1");
    expect(await hasSession(browser)).toBe(true);
    const { id, xml } = await spLogout(browser);
    expect(xml).toContain(`Destination="${IDP_SLO}"`);
    expect(xml).toContain(`<saml:Issuer>urn:amazon:cognito:sp:${POOL}</saml:Issuer>`);
    // The session's SessionIndex (the AuthnStatement's) right after the NameID, as SAML core §3.7.1 orders them.
    expect(xml).toContain(
      "<saml:NameID>ada@example.com</saml:NameID><samlp:SessionIndex>idx-ada-1</samlp:SessionIndex>",
    );
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

  it("each hosted session's LogoutRequest names the SessionIndex of the assertion that started it", async () => {
    const first = await signedIn("eve@example.com", "SloIdP", "idx-eve-laptop");
    const second = await signedIn("eve@example.com", "SloIdP", "idx-eve-phone");
    const a = await spLogout(second);
    expect(a.xml).toContain("<samlp:SessionIndex>idx-eve-phone</samlp:SessionIndex>");
    expect(a.xml).not.toContain("idx-eve-laptop");
    const b = await spLogout(first);
    expect(b.xml).toContain("<samlp:SessionIndex>idx-eve-laptop</samlp:SessionIndex>");
    expect((b.xml.match(/<samlp:SessionIndex>/g) ?? []).length).toBe(1);
  });

  it("RP-Initiated Logout at /logout also goes through the IdP; its LogoutResponse leads on with state", async () => {
    const { browser, idToken } = await signedInWithTokens("fay@example.com", "SloIdP", "idx-fay");
    const { id, xml } = await spLogout(browser, {
      id_token_hint: idToken,
      post_logout_redirect_uri: LOGOUT,
      state: "s 1&x",
    });
    expect(xml).toContain("<saml:NameID>fay@example.com</saml:NameID><samlp:SessionIndex>idx-fay</samlp:SessionIndex>");
    expect(await hasSession(browser)).toBe(false);
    const done = await postLogout(browser, { SAMLResponse: logoutResponse(id) });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${LOGOUT}?state=s%201%26x`);
    expectRefused(await postLogout(browser, { SAMLResponse: logoutResponse(id) }));
  });

  it("RP-Initiated Logout without a return address: through the IdP, then the signed-out page", async () => {
    const browser = await signedIn("gus@example.com", "SloIdP", "idx-gus");
    const { id, xml } = await spLogout(browser, { client_id: WEB });
    expect(xml).toContain("<samlp:SessionIndex>idx-gus</samlp:SessionIndex>");
    const done = await postLogout(browser, { SAMLResponse: logoutResponse(id) });
    expect(done.location).toBeUndefined();
    expect(done.status).toBe(200);
    expect(done.body).toContain("You have been signed out.");
  });

  it("RP-Initiated Logout to an unregistered address: signed out here, an error page, no trip to the IdP", async () => {
    const browser = await signedIn("hal@example.com");
    const out = await browser.navigate(
      `${up.hosted}/logout?${new URLSearchParams({ client_id: WEB, post_logout_redirect_uri: "https://x.example/" })}`,
      [up.hosted],
    );
    expect(out.location).toBeUndefined();
    expect(out.status).toBe(400);
    expect(out.body).toContain("not registered for this app client");
    expect(await hasSession(browser)).toBe(false);
  });

  it("a session from a provider without IDPSignout signs out here only", async () => {
    const browser = await signedIn("cy@example.com", "NoSlo");
    const out = await browser.navigate(
      `${up.hosted}/logout?client_id=${WEB}&logout_uri=${encodeURIComponent(LOGOUT)}`,
      [up.hosted],
    );
    expect(out.location).toBe(LOGOUT);
    expect(await hasSession(browser)).toBe(false);
    // The same through RP-Initiated Logout.
    const again = await signedIn("cy@example.com", "NoSlo");
    const rp = await again.navigate(
      `${up.hosted}/logout?${new URLSearchParams({ client_id: WEB, post_logout_redirect_uri: LOGOUT })}`,
      [up.hosted],
    );
    expect(rp.location).toBe(LOGOUT);
    expect(await hasSession(again)).toBe(false);
  });

  it("IdP-initiated: a signed LogoutRequest ends the user's sessions, gets a signed LogoutResponse, once", async () => {
    const { browser, refreshToken } = await signedInWithTokens("dee@example.com");
    const request = (o: { signer?: SigningKey; sp?: string } = {}) => idpLogoutRequest("dee@example.com", o);
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
    await expectLoggedOutAnswer(good);
    expect(await hasSession(browser)).toBe(false);
    expect(await refreshes(refreshToken)).toBe(false);

    // Replay of the same request.
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLRequest: good.b64 }), /replayed/);
  });

  it("IdP-initiated, one SessionIndex ends only that session; the other's cookie and refresh token work", async () => {
    const laptop = await signedInWithTokens("ivy@example.com", "SloIdP", "idx-ivy-laptop");
    const phone = await signedInWithTokens("ivy@example.com", "SloIdP", "idx-ivy-phone");
    const request = idpLogoutRequest("ivy@example.com", { sessionIndexes: ["idx-ivy-phone"] });
    await expectLoggedOutAnswer(request);
    expect(await hasSession(phone.browser)).toBe(false);
    expect(await refreshes(phone.refreshToken)).toBe(false);
    expect(await hasSession(laptop.browser)).toBe(true);
    expect(await refreshes(laptop.refreshToken)).toBe(true);
    // The code the laptop's cookie just answered with belongs to that session, still alive.
    expect(await hasSession(laptop.browser)).toBe(true);
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLRequest: request.b64 }), /replayed/);
    expect(await hasSession(laptop.browser)).toBe(true);
  });

  it("IdP-initiated naming two SessionIndex values ends those two and leaves the third", async () => {
    const [a, b, c] = [
      await signedInWithTokens("jon@example.com", "SloIdP", "idx-jon-a"),
      await signedInWithTokens("jon@example.com", "SloIdP", "idx-jon-b"),
      await signedInWithTokens("jon@example.com", "SloIdP", "idx-jon-c"),
    ];
    await expectLoggedOutAnswer(idpLogoutRequest("jon@example.com", { sessionIndexes: ["idx-jon-a", "idx-jon-c"] }));
    expect([await hasSession(a.browser), await hasSession(b.browser), await hasSession(c.browser)]).toEqual([
      false,
      true,
      false,
    ]);
    expect([await refreshes(a.refreshToken), await refreshes(b.refreshToken), await refreshes(c.refreshToken)]).toEqual(
      [false, true, false],
    );
  });

  it("IdP-initiated without a SessionIndex ends every session of the user from that IdP", async () => {
    const one = await signedInWithTokens("kim@example.com", "SloIdP", "idx-kim-1");
    const two = await signedInWithTokens("kim@example.com", "SloIdP", "idx-kim-2");
    // Another user of the same IdP is not named.
    const other = await signedInWithTokens("lou@example.com", "SloIdP", "idx-lou-1");
    await expectLoggedOutAnswer(idpLogoutRequest("kim@example.com"));
    expect([await hasSession(one.browser), await hasSession(two.browser)]).toEqual([false, false]);
    expect([await refreshes(one.refreshToken), await refreshes(two.refreshToken)]).toEqual([false, false]);
    expect(await hasSession(other.browser)).toBe(true);
    expect(await refreshes(other.refreshToken)).toBe(true);
  });

  it("IdP-initiated with an unknown SessionIndex ends nothing and still answers Success", async () => {
    const s = await signedInWithTokens("max@example.com", "SloIdP", "idx-max-1");
    const request = idpLogoutRequest("max@example.com", { sessionIndexes: ["idx-max-gone"] });
    // SAML core §3.7.3.2: the responder answers the request even when it had no such session to end.
    await expectLoggedOutAnswer(request);
    expect(await hasSession(s.browser)).toBe(true);
    expect(await refreshes(s.refreshToken)).toBe(true);
    expectRefused(await postLogout(new Browser(up.tlsFetch), { SAMLRequest: request.b64 }), /replayed/);
  });

  it("two AuthnStatements in the assertion: the session is the first's SessionIndex, as Cognito reads it", async () => {
    // Cognito, "SAML sign-out flow": the sessionIndex in the first AuthnStatement must match the one that
    // authenticated the user; in any other AuthnStatement Cognito won't recognize the session.
    const twoStatements = (input: ResponseInput) => {
      const one = assertionXml(input);
      const second = /<saml:AuthnStatement[\s\S]*?<\/saml:AuthnStatement>/
        .exec(one)![0]
        .replace(/SessionIndex="[^"]*"/, 'SessionIndex="idx-nia-second"');
      const assertion = signElement(
        one.replace("</saml:AuthnStatement>", `</saml:AuthnStatement>${second}`),
        input.assertionId,
        key,
      );
      return signElement(responseXml(input, assertion), input.responseId, key);
    };
    const s = await signedInWithTokens("nia@example.com", "SloIdP", "idx-nia-first", twoStatements);
    await expectLoggedOutAnswer(idpLogoutRequest("nia@example.com", { sessionIndexes: ["idx-nia-second"] }));
    expect(await hasSession(s.browser)).toBe(true);
    expect(await refreshes(s.refreshToken)).toBe(true);
    const { xml } = await spLogout(s.browser);
    expect(xml).toContain("<samlp:SessionIndex>idx-nia-first</samlp:SessionIndex>");
  });
});
