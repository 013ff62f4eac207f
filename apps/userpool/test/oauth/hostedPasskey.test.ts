/**
 * Passkey sign-in on the hosted pages, through the whole authorization-code flow with PKCE: /login offers
 * "Sign in with a passkey" where the pool allows WEB_AUTHN and the client ALLOW_USER_AUTH; the passkey page
 * carries the pool's request options and a script its CSP allows by hash; a software authenticator (its own
 * P-256 key, test/support/passkeys.ts) answers as the page's navigator.credentials.get would, and the code
 * signs in. A tampered assertion, a replayed one and a user without a passkey are refused. After a password
 * sign-in, a user without a passkey is offered one (the passkey prompt, ADR 0028): added, or "Not now".
 */
import { createHash, randomBytes } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
  InitiateAuthCommand,
  StartWebAuthnRegistrationCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSKEY_PROMPT_SCRIPT } from "../../src/hosted/passkeyPrompt.js";
import { PASSKEY_SIGN_IN_SCRIPT } from "../../src/hosted/passkeySignIn.js";
import { testEngines } from "../support/engines.js";
import { type CreationOptions, type RequestOptions, SoftwareAuthenticator } from "../support/passkeys.js";
import { GOOD_PASSWORD, uniqueEmail } from "../support/userpool.js";
import {
  Browser,
  CALLBACK,
  parseForm,
  startOAuthUserpool,
  submitLogin,
  type OAuthUserpool,
  type Page,
} from "./support.js";

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe.each(testEngines())("passkeys on the hosted UI on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    const pool = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "hosted-passkeys",
        UsernameAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } },
      }),
    );
    poolId = pool.UserPool!.Id!;
    // With a domain and no RelyingPartyId, the relying party is the hosted UI's host, localhost (ADR 0026).
    await up.admin.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "hosted-passkeys", ManagedLoginVersion: 2 }),
    );
    const client = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "hosted",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors: "ENABLED",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        SupportedIdentityProviders: ["COGNITO"],
        CallbackURLs: [CALLBACK],
      }),
    );
    clientId = client.UserPoolClient!.ClientId!;
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  /** A confirmed user; with `passkey`, one registered through the API (origin: the hosted UI). */
  async function user(prefix: string, passkey: boolean) {
    const email = uniqueEmail(prefix);
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    const auth = new SoftwareAuthenticator();
    if (passkey) {
      const signedIn = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
      const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
      const started = await up.anon.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
      const credential = await auth.register(started.CredentialCreationOptions as unknown as CreationOptions, {
        origin: up.hosted,
      });
      await up.anon.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: credential as never }));
    }
    return { email, auth };
  }

  async function loginPage() {
    const verifier = randomBytes(32).toString("base64url");
    const url = `${up.hosted}/oauth2/authorize?${new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid email",
      state: "passkey",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    })}`;
    const b = new Browser(up.tlsFetch);
    const page = await b.navigate(url, [up.hosted]);
    expect(page.status).toBe(200);
    return { b, page, verifier };
  }

  const submit = (b: Browser, page: Page, values: Record<string, string>) => {
    const { action, fields } = parseForm(page);
    return b.request(action, { form: { ...fields, ...values } });
  };

  /** The passkey button pressed: the passkey page, and the request options it hands the browser. */
  async function passkeyPage(b: Browser, page: Page, email: string) {
    const res = await submit(b, page, { username: email, factor: "WEB_AUTHN" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("Sign in with your passkey");
    const options = JSON.parse(unescapeHtml(/data-options="([^"]*)"/.exec(res.body)![1]!)) as RequestOptions;
    return { res, options };
  }

  it("offers the passkey; the page's script is allowed by its hash; the assertion signs in", async () => {
    const { email, auth } = await user("hosted-pk", true);
    const s = await loginPage();
    expect(s.page.body).toContain('name="factor" value="WEB_AUTHN">Sign in with a passkey</button>');
    expect(s.page.body).not.toMatch(/<script/i);
    const { res, options } = await passkeyPage(s.b, s.page, email);
    expect(options).toMatchObject({ rpId: "localhost", allowCredentials: [{ type: "public-key", id: auth.id }] });
    const hash = createHash("sha256").update(PASSKEY_SIGN_IN_SCRIPT, "utf8").digest("base64");
    expect(res.headers.get("content-security-policy")).toContain(`script-src 'sha256-${hash}';`);
    expect(res.body).toContain(`<script>${PASSKEY_SIGN_IN_SCRIPT}</script>`);

    const assertion = auth.assert(options, { origin: up.hosted });
    const done = await submit(s.b, res, { credential: JSON.stringify(assertion) });
    expect(done.status).toBe(303);
    const callback = new URL(done.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    const token = await up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: clientId,
        code: callback.searchParams.get("code")!,
        redirect_uri: CALLBACK,
        code_verifier: s.verifier,
      }).toString(),
    });
    expect(token.status).toBe(200);
    const { id_token } = (await token.json()) as { id_token: string };
    const claims = JSON.parse(Buffer.from(id_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ email, aud: clientId });

    // The same assertion again, in the same browser: the challenge is spent (and the cookie gone).
    const replay = await submit(s.b, res, { credential: JSON.stringify(assertion) });
    expect(replay.status).toBe(303);
    expect(new URL(replay.headers.get("location")!, replay.url).pathname).toBe("/login");
  });

  it("a tampered assertion or another origin is refused, and the browser is sent back to /login", async () => {
    const { email, auth } = await user("hosted-pk-bad", true);
    for (const knobs of [{ origin: up.hosted, tamperSignature: true }, { origin: "https://evil.example" }]) {
      const s = await loginPage();
      const { res, options } = await passkeyPage(s.b, s.page, email);
      const refused = await submit(s.b, res, { credential: JSON.stringify(auth.assert(options, knobs)) });
      expect(refused.status).toBe(303);
      const back = new URL(refused.headers.get("location")!, refused.url);
      expect([back.pathname, back.searchParams.get("info")]).toEqual(["/login", "passkey-failed"]);
      const shown = await s.b.request(back.toString());
      expect(shown.body).toContain('role="alert">Your passkey did not sign you in. Try again.');
    }
  });

  it("a user with no passkey is told to sign in another way", async () => {
    const { email } = await user("hosted-nopk", false);
    const s = await loginPage();
    const res = await submit(s.b, s.page, { username: email, factor: "WEB_AUTHN" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("This account has no passkey for this site. Sign in another way, then add one.");
  });

  /** The form on `page` whose action ends with `path` (the prompt page has two). */
  function formTo(page: Page, button: string): { action: string; fields: Record<string, string> } {
    const forms = [...page.body.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find((f) => f[2]!.includes(button));
    if (!form) throw new Error(`no form with ${button}`);
    const fields: Record<string, string> = {};
    for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      fields[m[1]!] = unescapeHtml(m[2]!);
    return { action: new URL(unescapeHtml(form[1]!), page.url).toString(), fields };
  }

  it("after a password sign-in, a user without a passkey is offered one; added, it signs in next time", async () => {
    const { email } = await user("hosted-prompt", false);
    const s = await loginPage();
    const prompt = await submitLogin(s.b, s.page, email, GOOD_PASSWORD);
    expect(prompt.status).toBe(200);
    expect(prompt.body).toContain("Sign in faster with a passkey");
    const hash = createHash("sha256").update(PASSKEY_PROMPT_SCRIPT, "utf8").digest("base64");
    expect(prompt.headers.get("content-security-policy")).toContain(`script-src 'sha256-${hash}';`);
    const options = JSON.parse(unescapeHtml(/data-options="([^"]*)"/.exec(prompt.body)![1]!)) as CreationOptions;
    expect(options.rp.id).toBe("localhost");

    const auth = new SoftwareAuthenticator();
    const add = formTo(prompt, "Add a passkey");
    const credential = await auth.register(options, { origin: up.hosted });
    const done = await s.b.request(add.action, { form: { ...add.fields, credential: JSON.stringify(credential) } });
    expect(done.status).toBe(303);
    expect(new URL(done.headers.get("location")!).searchParams.get("code")).toBeTruthy();

    // Registered: the passkey signs in, and the next password sign-in goes straight back to the app.
    const next = await loginPage();
    const { res, options: request } = await passkeyPage(next.b, next.page, email);
    const signedIn = await submit(next.b, res, {
      credential: JSON.stringify(auth.assert(request, { origin: up.hosted })),
    });
    expect(new URL("/", signedIn.headers.get("location")!).href).toBe(CALLBACK);
    const again = await loginPage();
    const direct = await submitLogin(again.b, again.page, email, GOOD_PASSWORD);
    expect(direct.status).toBe(303);
    expect(new URL(direct.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("the classic hosted UI (ManagedLoginVersion 1) offers no passkey, no code and no passkey prompt", async () => {
    const setVersion = (ManagedLoginVersion: number) =>
      up.admin.send(
        new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "hosted-passkeys", ManagedLoginVersion }),
      );
    await setVersion(1);
    try {
      const { email } = await user("hosted-v1", false);
      const s = await loginPage();
      expect(s.page.body).not.toContain('name="factor"');
      // The button's value sent anyway is no way in: the password is asked for as on any classic page.
      const forged = await submit(s.b, s.page, { username: email, factor: "WEB_AUTHN" });
      expect(forged.status).toBe(400);
      expect(forged.body).toContain("That sign-in method is not enabled for this app.");
      // A password sign-in goes straight back to the app with its code: no prompt to add a passkey.
      const again = await loginPage();
      const res = await submitLogin(again.b, again.page, email, GOOD_PASSWORD);
      expect(res.status).toBe(303);
      expect(new URL("/", res.headers.get("location")!).href).toBe(CALLBACK);
      expect(new URL(res.headers.get("location")!).searchParams.get("code")).toBeTruthy();
    } finally {
      await setVersion(2);
    }
  });

  it("Not now goes back to the app, and this browser is not asked again for 30 days", async () => {
    const { email } = await user("hosted-later", false);
    const s = await loginPage();
    const prompt = await submitLogin(s.b, s.page, email, GOOD_PASSWORD);
    expect(prompt.body).toContain("Sign in faster with a passkey");
    const later = formTo(prompt, "Not now");
    const done = await s.b.request(later.action, { form: { ...later.fields, later: "1" } });
    expect(done.status).toBe(303);
    expect(new URL(done.headers.get("location")!).searchParams.get("code")).toBeTruthy();

    // Remembered in this browser for 30 days: the prompt is skipped while the cookie lives.
    expect(done.headers.getSetCookie()).toContain(
      `__Host-authhub-passkey-later-${poolId}=1; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=2592000`,
    );
  });
});
