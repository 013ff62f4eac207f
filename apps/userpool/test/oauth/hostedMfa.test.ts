/**
 * MFA on the hosted pages, driven by openid-client through the whole authorization-code flow:
 * the authenticator-app code (computed from the secret at the injected clock's time), the e-mail
 * code (read from the development mailbox), the factor choice, and MFA_SETUP in a pool with MFA ON
 * (the app's secret read from the setup page, or an e-mail address and the code sent to it); wrong,
 * reused and expired answers and a missing CSRF token.
 */
import {
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { testEngines } from "../support/engines.js";
import { adminAt } from "../support/lifecycle.js";
import { createMfaPool, mfaUser, totpCode } from "../support/mfa.js";
import { GOOD_PASSWORD, latestCode, uniqueEmail } from "../support/userpool.js";
import {
  Browser,
  CALLBACK,
  parseForm,
  startOAuthUserpool,
  submitLogin,
  type OAuthUserpool,
  type Page,
} from "./support.js";

interface MfaOAuthPool {
  poolId: string;
  /** The API client (USER_PASSWORD_AUTH), for setting up factors as an app would. */
  apiClientId: string;
  /** The hosted UI's OAuth client (code + PKCE). */
  webClientId: string;
}

const WRONG_CODE = "The code is not right. Check it and try again.";

describe.each(testEngines())("MFA on the hosted UI through openid-client on $name", (engine) => {
  const clock = new ManualClock();
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  // Signed at the injected clock's time, which the tests move.
  const admin = {
    send: ((command: never) => adminAt(up.url, clock).send(command)) as CognitoIdentityProviderClient["send"],
  };
  let optional: MfaOAuthPool;
  let required: MfaOAuthPool;

  async function oauthPool(mode: "ON" | "OPTIONAL"): Promise<MfaOAuthPool> {
    const { poolId, clientId } = await createMfaPool(admin, mode);
    await admin.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `hosted-mfa-${mode.toLowerCase()}` }),
    );
    const web = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "hosted",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        SupportedIdentityProviders: ["COGNITO"],
        CallbackURLs: [CALLBACK],
      }),
    );
    return { poolId, apiClientId: clientId, webClientId: web.UserPoolClient!.ClientId! };
  }

  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
    optional = await oauthPool("OPTIONAL");
    required = await oauthPool("ON");
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  /** A fresh time step: a TOTP code no earlier sign-in can have used. */
  const nextStep = () => clock.advance(30_000);

  /** openid-client, with its clock set to the server's injected one (ID token iat and exp). */
  const relyingParty = (p: MfaOAuthPool) =>
    oidc.discovery(
      new URL(up.issuer(p.poolId)),
      p.webClientId,
      { [oidc.clockSkew]: Math.round((clock.now().getTime() - Date.now()) / 1000) },
      oidc.None(),
      {
        execute: [oidc.allowInsecureRequests],
        [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
      },
    );

  /** authorize → /login → the password: returns the browser, the POST's answer and what the exchange needs. */
  async function signIn(p: MfaOAuthPool, email: string) {
    const config = await relyingParty(p);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: "openid email",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
    });
    const b = new Browser(up.tlsFetch);
    const login = await b.navigate(url.toString(), [up.hosted]);
    expect(login.status).toBe(200);
    const res = await submitLogin(b, login, email, GOOD_PASSWORD);
    return { b, res, verifier, state };
  }

  const follow = (b: Browser, res: Page) => b.request(new URL(res.headers.get("location")!, res.url).toString());

  /** The password was right and MFA applies: a 303 to the MFA page, which is then shown. */
  async function mfaPage(b: Browser, res: Page): Promise<Page> {
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!, res.url).pathname).toBe("/mfa");
    const page = await follow(b, res);
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/<script/i);
    return page;
  }

  const submit = (b: Browser, page: Page, values: Record<string, string>) => {
    const { action, fields } = parseForm(page);
    return b.request(action, { form: { ...fields, ...values } });
  };

  /** The callback after the MFA step: a code that openid-client exchanges for tokens naming the user. */
  async function expectSignedIn(p: MfaOAuthPool, res: Page, s: { verifier: string; state: string }, email: string) {
    expect(res.status).toBe(303);
    const callback = new URL(res.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(await relyingParty(p), callback, {
      pkceCodeVerifier: s.verifier,
      expectedState: s.state,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({ email, aud: p.webClientId, token_use: "id" });
  }

  /** A user of `p` with a verified, preferred authenticator app (set up through the API); returns its secret. */
  async function totpUser(p: MfaOAuthPool, prefix: string): Promise<{ email: string; secret: string }> {
    const email = await mfaUser(admin, p.poolId, prefix);
    const auth = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: p.apiClientId,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    const AccessToken = auth.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await up.anon.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await up.anon.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode!, clock) }));
    await up.anon.send(
      new SetUserMFAPreferenceCommand({
        AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    nextStep(); // the code VerifySoftwareToken used is spent
    return { email, secret: SecretCode! };
  }

  it("authenticator app: a wrong code is refused, the right one signs in, and it cannot be reused", async () => {
    const { email, secret } = await totpUser(optional, "hosted-totp");
    const s = await signIn(optional, email);
    const page = await mfaPage(s.b, s.res);
    expect(page.body).toContain("authenticator app");
    expect(page.body).toContain('<label for="code">');

    // Ten minutes off: outside any skew the server accepts.
    const wrong = await submit(s.b, page, { code: totpCode(secret, clock, 600_000) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(`role="alert">${WRONG_CODE}`);
    const code = totpCode(secret, clock);
    const done = await submit(s.b, wrong, { code });
    await expectSignedIn(optional, done, s, email);

    // The same code in a new sign-in (same time step): a replay, refused as a wrong code.
    const again = await signIn(optional, email);
    const page2 = await mfaPage(again.b, again.res);
    const replay = await submit(again.b, page2, { code });
    expect(replay.status).toBe(400);
    expect(replay.body).toContain(WRONG_CODE);
    nextStep();
    await expectSignedIn(optional, await submit(again.b, replay, { code: totpCode(secret, clock) }), again, email);
  });

  it("e-mail code: the page names the masked address, the code comes from the mailbox", async () => {
    const email = await mfaUser(admin, optional.poolId, "hosted-email");
    await admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: optional.poolId,
        Username: email,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const s = await signIn(optional, email);
    const page = await mfaPage(s.b, s.res);
    expect(page.body).toContain(`We sent a code to ${email[0]}***@e***.`);
    const code = await latestCode(up.url, email);
    const wrong = await submit(s.b, page, { code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(WRONG_CODE);
    await expectSignedIn(optional, await submit(s.b, wrong, { code }), s, email);
  });

  it("SELECT_MFA_TYPE: the user chooses e-mail, then enters the mailed code", async () => {
    const { email } = await totpUser(optional, "hosted-select");
    await admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: optional.poolId,
        Username: email,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
        EmailMfaSettings: { Enabled: true, PreferredMfa: false },
      }),
    );
    const s = await signIn(optional, email);
    const choice = await mfaPage(s.b, s.res);
    expect(choice.body).toContain('name="factor" value="SOFTWARE_TOKEN_MFA"');
    expect(choice.body).toContain('name="factor" value="EMAIL_OTP"');
    // A factor not offered is refused and the choice shown again.
    const bogus = await submit(s.b, choice, { factor: "SMS_MFA" });
    expect(bogus.status).toBe(400);
    const chosen = await submit(s.b, bogus, { factor: "EMAIL_OTP" });
    const codePage = await mfaPage(s.b, chosen);
    expect(codePage.body).toContain("We sent a code to");
    await expectSignedIn(optional, await submit(s.b, codePage, { code: await latestCode(up.url, email) }), s, email);
  });

  it("MFA_SETUP (pool MFA ON): key and QR code on the page; the app's code signs in and sets it up", async () => {
    const email = await mfaUser(admin, required.poolId, "hosted-setup");
    const s = await signIn(required, email);
    const choice = await mfaPage(s.b, s.res);
    // The pool allows the app and e-mail: the user chooses first.
    expect(choice.body).toContain('name="setup" value="SOFTWARE_TOKEN_MFA"');
    expect(choice.body).toContain('name="setup" value="EMAIL_OTP"');
    expect(choice.body).not.toContain("SMS");
    const setup = await submit(s.b, choice, { setup: "SOFTWARE_TOKEN_MFA" });
    expect(setup.status).toBe(200);
    expect(setup.body).toMatch(/<div class="qr"[^>]*><svg [^>]*viewBox=/);
    const secret = /<code id="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1];
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const wrong = await submit(s.b, setup, { code: totpCode(secret!, clock, 600_000) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(
      'role="alert">The code from your authenticator app is not right. Try the current one.<',
    );
    // The same key again, not a new one the user has not scanned.
    expect(wrong.body).toContain(`<code id="secret">${secret}</code>`);
    await expectSignedIn(required, await submit(s.b, wrong, { code: totpCode(secret!, clock) }), s, email);

    // Set up: the next sign-in asks for the app's code.
    nextStep();
    const next = await signIn(required, email);
    const codePage = await mfaPage(next.b, next.res);
    expect(codePage.body).toContain("authenticator app");
    await expectSignedIn(required, await submit(next.b, codePage, { code: totpCode(secret!, clock) }), next, email);
  });

  it("MFA_SETUP with e-mail: the address (refused if malformed or taken), then the code sent to it", async () => {
    const email = await mfaUser(admin, required.poolId, "hosted-email-setup");
    const taken = await mfaUser(admin, required.poolId, "hosted-taken");
    const s = await signIn(required, email);
    const choice = await mfaPage(s.b, s.res);
    const form = await submit(s.b, choice, { setup: "EMAIL_OTP" });
    expect(form.status).toBe(200);
    // The user's own address is offered; nothing is sent before the form is submitted.
    expect(form.body).toContain(`value="${email}"`);
    const malformed = await submit(s.b, form, { email: "not-an-address" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('role="alert">The email address is not valid. Enter it as name@example.com.<');
    const other = await submit(s.b, malformed, { email: taken });
    expect(other.status).toBe(400);
    expect(other.body).toContain('role="alert">Another account already uses this email address. Use a different one.<');
    const address = uniqueEmail("hosted-new-address");
    const sent = await submit(s.b, other, { email: address });
    const codePage = await mfaPage(s.b, sent);
    expect(codePage.body).toContain(`We sent a code to ${address[0]}***@e***`);
    const code = await latestCode(up.url, address);
    const wrong = await submit(s.b, codePage, { code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(WRONG_CODE);
    await expectSignedIn(required, await submit(s.b, wrong, { code }), s, address);

    // Set up: the next sign-in (with the new address) asks for a code sent to it.
    const next = await signIn(required, address);
    const again = await mfaPage(next.b, next.res);
    expect(again.body).toContain(`We sent a code to ${address[0]}***@e***`);
    await expectSignedIn(
      required,
      await submit(next.b, again, { code: await latestCode(up.url, address) }),
      next,
      address,
    );
  });

  it("a POST without the CSRF token is refused and changes nothing", async () => {
    const { email, secret } = await totpUser(optional, "hosted-csrf");
    const s = await signIn(optional, email);
    const page = await mfaPage(s.b, s.res);
    const { action } = parseForm(page);
    const forged = await s.b.request(action, { form: { code: totpCode(secret, clock) } });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("location")).toBeNull();
    await expectSignedIn(optional, await submit(s.b, forged, { code: totpCode(secret, clock) }), s, email);
  });

  it("too many wrong codes use the session up (back to the login page) and count toward the lockout", async () => {
    const { email, secret } = await totpUser(optional, "hosted-wrong");
    const s = await signIn(optional, email);
    let page = await mfaPage(s.b, s.res);
    for (let i = 0; i < 5; i++) {
      page = await submit(s.b, page, { code: totpCode(secret, clock, 600_000) });
      expect(page.status).toBe(400);
    }
    const refused = await submit(s.b, page, { code: totpCode(secret, clock) });
    expect(refused.status).toBe(303);
    expect(new URL(refused.headers.get("location")!, refused.url).pathname).toBe("/login");
    // The wrong codes counted toward the user's sign-in lockout, as through the API: the right password is refused now.
    await expect(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: optional.apiClientId,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Password attempts exceeded" });
  });

  it("an expired MFA session sends the user back to the login page with a message", async () => {
    const { email, secret } = await totpUser(optional, "hosted-expired");
    const s = await signIn(optional, email);
    const page = await mfaPage(s.b, s.res);
    clock.advance(3 * 60_000 + 1_000); // the client's AuthSessionValidity (3 minutes by default)
    const late = await submit(s.b, page, { code: totpCode(secret, clock) });
    expect(late.status).toBe(303);
    const login = await follow(s.b, late);
    expect(new URL(login.url).pathname).toBe("/login");
    expect(login.body).toContain('role="alert">Your session has expired. Please sign in again.');
    // And the MFA page itself no longer opens.
    const stale = await s.b.request(new URL(page.url).toString());
    expect(stale.status).toBe(303);
    expect(new URL(stale.headers.get("location")!, stale.url).pathname).toBe("/login");
  });
});
