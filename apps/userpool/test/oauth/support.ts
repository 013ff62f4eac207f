/**
 * Harness for the OAuth / hosted-UI tests: a user pool with a domain, a resource server and
 * clients for every flow, started in-process (both listeners on port 0), plus a minimal browser
 * (cookie jar, manual redirects, form parsing) that trusts the development CA.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { UserpoolFileConfig } from "../../src/config/fileSchema.js";
import { fetchTrusting, type Fetch } from "../../src/tls/fetch.js";
import type { TestEngine } from "../support/engines.js";
import {
  fastRsaKeys,
  startTestUserpool,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
  type TestUserpool,
} from "../support/userpool.js";
import type { StartUserpoolOptions } from "../../src/main.js";

export const POOL = "us-east-1_OAuthTst1";
/** Public SPA client (code + PKCE), COGNITO and Google, like the web app's. */
export const WEB = "oauthwebclient000000000001";
/** Confidential client (code), HTTP Basic or form secret. */
export const CONF = "oauthconfclient00000000001";
export const CONF_SECRET = "conf-secret-0123456789abcdefghijklmnop";
/** Machine-to-machine client (client_credentials). */
export const M2M = "oauthm2mclient000000000001";
export const M2M_SECRET = "m2m-secret-0123456789abcdefghijklmnopq";
/** Client allowing the implicit grant. */
export const IMPLICIT = "oauthimplicitclient0000001";
/** Client with OAuth off. */
export const NO_OAUTH = "oauthnooauthclient00000001";
export const CALLBACK = "http://localhost:3000/";
export const APP_CALLBACK = "https://app.example.com/cb";
export const LOGOUT = "http://localhost:3000/";
export const API = "https://api.example.com";
export const GOOGLE_CLIENT = "dev-google-client-id.apps.example";
export const GOOGLE_SECRET = "dev-google-client-secret";
export const PASSWORD = "Hosted-Passw0rd!";
export const OIDC_SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"];

export function oauthConfig(): UserpoolFileConfig {
  return {
    DevGoogle: {
      Clients: [{ ClientId: GOOGLE_CLIENT, ClientSecret: GOOGLE_SECRET }],
      Accounts: [
        {
          sub: "117000000000000000001",
          email: "grace.hopper@example.com",
          email_verified: true,
          name: "Grace Hopper",
          given_name: "Grace",
          family_name: "Hopper",
        },
        { sub: "117000000000000000002", email: "shared@example.com", email_verified: true, name: "Same Mail" },
      ],
    },
    UserPools: [
      {
        Id: POOL,
        PoolName: "oauth-test",
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Domain: "oauth-test",
        ResourceServers: [
          {
            Identifier: API,
            Name: "api",
            Scopes: [
              { ScopeName: "read", ScopeDescription: "Read" },
              { ScopeName: "write", ScopeDescription: "Write" },
            ],
          },
        ],
        UICustomization: { CSS: ".authhub-container{border-color:#c0ffee}" },
        Clients: [
          {
            ClientId: WEB,
            ClientName: "web",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ["code"],
            AllowedOAuthScopes: OIDC_SCOPES,
            SupportedIdentityProviders: ["COGNITO", "Google"],
            CallbackURLs: [CALLBACK, APP_CALLBACK],
            LogoutURLs: [LOGOUT],
            PreventUserExistenceErrors: "ENABLED",
          },
          {
            ClientId: CONF,
            ClientName: "confidential",
            ClientSecretFromEnv: "CONF_SECRET",
            ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ["code"],
            AllowedOAuthScopes: ["openid", "email", "profile", `${API}/read`],
            SupportedIdentityProviders: ["COGNITO"],
            CallbackURLs: [APP_CALLBACK],
            LogoutURLs: [LOGOUT],
          },
          {
            ClientId: M2M,
            ClientName: "m2m",
            ClientSecretFromEnv: "M2M_SECRET",
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ["client_credentials"],
            AllowedOAuthScopes: [`${API}/read`, `${API}/write`],
          },
          {
            ClientId: IMPLICIT,
            ClientName: "implicit",
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ["implicit"],
            AllowedOAuthScopes: ["openid", "email"],
            SupportedIdentityProviders: ["COGNITO"],
            CallbackURLs: [APP_CALLBACK],
          },
          {
            ClientId: NO_OAUTH,
            ClientName: "no-oauth",
            SupportedIdentityProviders: ["COGNITO"],
            CallbackURLs: [APP_CALLBACK],
          },
        ],
      },
    ],
  };
}

export interface OAuthUserpool extends TestUserpool {
  hosted: string;
  /** fetch trusting the development CA. */
  tlsFetch: Fetch;
}

export async function startOAuthUserpool(
  engine?: TestEngine,
  opts: StartUserpoolOptions = {},
): Promise<OAuthUserpool & { cleanup(): Promise<void> }> {
  const options = { config: oauthConfig(), env: { CONF_SECRET, M2M_SECRET }, generateRsaKeyPair: fastRsaKeys, ...opts };
  let up: EngineUserpool;
  if (engine) up = await startTestUserpoolOn(engine, options);
  else {
    const running = await startTestUserpool(options);
    up = { ...running, stop: () => running.close() };
  }
  if (!up.hostedUrl || !up.devCaPem) throw new Error("the hosted listener did not start with the development CA");
  // The Google provider points at this server's own development Google (its port is only known now).
  await up.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: POOL,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: {
        client_id: GOOGLE_CLIENT,
        client_secret: GOOGLE_SECRET,
        authorize_scopes: "openid email profile",
        oidc_issuer: `${up.hostedUrl}/_dev/google`,
      },
      AttributeMapping: {
        email: "email",
        email_verified: "email_verified",
        name: "name",
        given_name: "given_name",
        family_name: "family_name",
      },
    }),
  );
  return {
    ...up,
    hosted: up.hostedUrl,
    tlsFetch: fetchTrusting([up.devCaPem]),
    cleanup: () => up.stop(),
  };
}

/** A confirmed user with a password, created through the admin API. */
export async function createUser(up: TestUserpool, email = uniqueEmail("hosted")): Promise<string> {
  await up.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL,
      Username: email,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await up.admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username: email, Password: PASSWORD, Permanent: true }),
  );
  return email;
}

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
}

/** Just enough browser: cookies per host, manual redirects, no JavaScript (the pages need none). */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  constructor(private readonly fetch: Fetch) {}

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const u = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookies = this.jar.get(u.host);
    if (cookies?.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const res = await this.fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const jar = this.jar.get(u.host) ?? new Map<string, string>();
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) jar.delete(name);
      else jar.set(name, value);
      this.jar.set(u.host, jar);
    }
    return { status: res.status, url, headers: res.headers, body: await res.text() };
  }

  /** GET `url` and follow redirects while they stay on `within` origins; returns the first page or foreign redirect. */
  async navigate(
    url: string,
    within: string[],
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page & { location?: string }> {
    let page = await this.request(url, init);
    for (let hops = 0; hops < 10; hops++) {
      const loc = page.headers.get("location");
      if (page.status < 300 || page.status >= 400 || !loc) return page;
      const next = new URL(loc, page.url).toString();
      if (!within.some((o) => next.startsWith(o))) return { ...page, location: next };
      page = await this.request(next);
    }
    throw new Error("too many redirects");
  }

  cookieNames(host: string): string[] {
    return [...(this.jar.get(host)?.keys() ?? [])];
  }
}

/** The first form of a page: absolute action URL and its hidden fields. */
export function parseForm(page: Page): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page.body);
  if (!form) throw new Error(`no form on the page (${page.status}): ${page.body.slice(0, 300)}`);
  const unescapeHtml = (s: string) =>
    s
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]!] = unescapeHtml(m[2]!);
  return { action: new URL(unescapeHtml(form[1]!), page.url).toString(), fields };
}

/** Fills in the hosted login form and submits it; returns the response to the POST. */
export async function submitLogin(
  browser: Browser,
  loginPage: Page,
  username: string,
  password: string,
): Promise<Page> {
  const { action, fields } = parseForm(loginPage);
  return browser.request(action, { form: { ...fields, username, password } });
}

/**
 * A browser signed in to the hosted UI as `email` through the authorization-code flow with PKCE
 * (public client `clientId`, redirect CALLBACK), and the tokens the code was exchanged for.
 */
export async function hostedSignIn(
  up: OAuthUserpool,
  email: string,
  clientId = WEB,
): Promise<{ browser: Browser; tokens: { id_token: string; access_token: string; refresh_token: string } }> {
  const browser = new Browser(up.tlsFetch);
  const verifier = randomBytes(32).toString("base64url");
  const authorize = `${up.hosted}/oauth2/authorize?${new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: CALLBACK,
    scope: "openid email",
    state: "signin",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  })}`;
  const login = await browser.navigate(authorize, [up.hosted]);
  const done = await submitLogin(browser, login, email, PASSWORD);
  const code = new URL(done.headers.get("location") ?? "about:blank").searchParams.get("code");
  if (done.status !== 303 || !code)
    throw new Error(`hosted sign-in failed (${done.status}): ${done.body.slice(0, 300)}`);
  const res = await up.tlsFetch(`${up.hosted}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: clientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }).toString(),
  });
  if (res.status !== 200) throw new Error(`token exchange failed (${res.status}): ${await res.text()}`);
  return { browser, tokens: (await res.json()) as { id_token: string; access_token: string; refresh_token: string } };
}
