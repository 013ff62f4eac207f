/**
 * The web app's path on the committed development config, byte for byte as the installed
 * @aws-amplify/auth (v6) builds it (utils/oauth: signInWithRedirect, completeOAuthFlow,
 * oAuthSignOutRedirect): `https://${domain}/oauth2/authorize?redirect_uri&response_type=code&client_id
 * &identity_provider&scope&state&code_challenge&code_challenge_method=S256`, the token request from
 * the browser (form body, x-amz-user-agent, so a CORS preflight), refresh through the JSON API, and
 * `/logout?client_id&logout_uri=<encodeURIComponent>`. Amplify itself needs a browser; e2e drives it.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  DescribeIdentityProviderCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readFileConfig } from "../../src/config/file.js";
import { DEFAULT_CONFIG_PATH } from "../../src/config/runtime.js";
import { startUserpool, type RunningUserpool } from "../../src/main.js";
import { fetchTrusting, type Fetch } from "../../src/tls/fetch.js";
import { adminClient, anonClient, fastRsaKeys, uniqueEmail } from "../support/userpool.js";
import { Browser, parseForm } from "./support.js";

const DEV_POOL = "us-east-1_AuthHub01";
const DEV_CLIENT = "authhubwebclientlocaldev01";
const REDIRECT = "http://localhost:3000/";
const SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"];

let up: RunningUserpool;
let tls: Fetch;
let domain: string;
beforeAll(async () => {
  up = await startUserpool({ generateRsaKeyPair: fastRsaKeys });
  tls = fetchTrusting([up.devCaPem!]);
  domain = new URL(up.hostedUrl!).host; // what the app sets as oauth.domain ("localhost:9443" on the real stack)
});
afterAll(async () => {
  await up?.close();
});

/** Amplify's generateCodeVerifier(128) and S256 challenge. */
function pkce() {
  const charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const verifier = [...randomBytes(128)].map((b) => charset[b % charset.length]).join("");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function amplifyAuthorizeUrl(provider: string, state: string, challenge: string): string {
  const params = new URLSearchParams();
  params.append("redirect_uri", REDIRECT);
  params.append("response_type", "code");
  params.append("client_id", DEV_CLIENT);
  params.append("identity_provider", provider);
  params.append("scope", SCOPES.join(" "));
  params.append("state", state);
  params.append("code_challenge", challenge);
  params.append("code_challenge_method", "S256");
  return `https://${domain}/oauth2/authorize?${params.toString()}`;
}

/** completeOAuthFlow's token request, including the preflight a browser sends first. */
async function amplifyTokenRequest(code: string, verifier: string): Promise<Record<string, string>> {
  const pre = await tls(`https://${domain}/oauth2/token`, {
    method: "OPTIONS",
    headers: {
      origin: "http://localhost:3000",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-amz-user-agent",
    },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get("access-control-allow-origin")).toBe("*");
  const body = Object.entries({
    grant_type: "authorization_code",
    code,
    client_id: DEV_CLIENT,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  })
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  const res = await tls(`https://${domain}/oauth2/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "x-amz-user-agent": "aws-amplify/6.x auth/signInWithRedirect framework/1",
      origin: "http://localhost:3000",
    },
    body,
  });
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return (await res.json()) as Record<string, string>;
}

it("the committed dev config enables the hosted UI with Google and the development social providers", () => {
  const cfg = readFileConfig(DEFAULT_CONFIG_PATH);
  const pool = cfg.UserPools[0]!;
  expect(pool.Domain).toBe("authhub-local");
  expect(pool.IdentityProviders).toEqual([
    expect.objectContaining({
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: expect.objectContaining({ oidc_issuer: "https://localhost:9443/_dev/google" }),
    }),
    expect.objectContaining({
      ProviderName: "Facebook",
      ProviderType: "Facebook",
      ProviderDetails: expect.objectContaining({
        token_url: "https://localhost:9443/_dev/facebook/oauth/access_token",
      }),
    }),
    expect.objectContaining({
      ProviderName: "SignInWithApple",
      ProviderType: "SignInWithApple",
      ProviderDetails: expect.objectContaining({ oidc_issuer: "https://localhost:9443/_dev/apple" }),
    }),
    expect.objectContaining({
      ProviderName: "LoginWithAmazon",
      ProviderType: "LoginWithAmazon",
      ProviderDetails: expect.objectContaining({ token_url: "https://localhost:9443/_dev/amazon/auth/o2/token" }),
    }),
    // As config/userpool.stack.json registers it (ADR 0050): metadata from the development IdP's own URL.
    {
      ProviderName: "DevSAML",
      ProviderType: "SAML",
      ProviderDetails: { MetadataURL: "https://localhost:9443/_dev/saml/metadata", IDPSignout: "true" },
      AttributeMapping: { email: "email", given_name: "given_name", family_name: "family_name" },
    },
  ]);
  const client = pool.Clients[0]!;
  expect(client).toMatchObject({
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    SupportedIdentityProviders: ["COGNITO", "Google", "Facebook", "SignInWithApple", "LoginWithAmazon", "DevSAML"],
    CallbackURLs: [REDIRECT],
    LogoutURLs: [REDIRECT],
  });
  expect(client.AllowedOAuthScopes).toEqual(SCOPES);
  expect(cfg.DevGoogle?.Clients[0]?.ClientId).toBe(pool.IdentityProviders[0]!.ProviderDetails.client_id);
});

it("on another hosted port, the dev providers point at this server; DevSAML is registered from it", async () => {
  // The file says https://localhost:9443; this server's hosted port is random, and nothing else may answer there.
  expect(new URL(up.hostedUrl!).port).not.toBe("9443");
  const admin = adminClient(up.url);
  const google = await admin.send(
    new DescribeIdentityProviderCommand({ UserPoolId: DEV_POOL, ProviderName: "Google" }),
  );
  expect(google.IdentityProvider?.ProviderDetails?.oidc_issuer).toBe(`${up.hostedUrl}/_dev/google`);
  const saml = (
    await admin.send(new DescribeIdentityProviderCommand({ UserPoolId: DEV_POOL, ProviderName: "DevSAML" }))
  ).IdentityProvider!;
  expect(saml).toMatchObject({
    ProviderType: "SAML",
    ProviderDetails: expect.objectContaining({
      MetadataURL: `${up.hostedUrl}/_dev/saml/metadata`,
      IDPSignout: "true",
      SLORedirectBindingURI: `${up.hostedUrl}/_dev/saml/slo`,
    }),
    AttributeMapping: { email: "email", given_name: "given_name", family_name: "family_name" },
  });
  // Fetched from this server: the metadata it holds is the one /_dev/saml/metadata serves.
  const served = await (await tls(`${up.hostedUrl}/_dev/saml/metadata`)).text();
  expect(served).toContain(saml.ProviderDetails!.SSORedirectBindingURI!);

  // The web client's hosted login page offers it, and a sign-in through it ends at the app with a code.
  const browser = new Browser(tls);
  const { challenge } = pkce();
  const chooser = await browser.navigate(amplifyAuthorizeUrl("DevSAML", "s1", challenge), [up.hostedUrl!]);
  expect(chooser.body).toContain("grace.hopper@example.com");
  const { action, fields } = parseForm(chooser);
  const posted = await browser.request(action, { form: { ...fields, account: "grace.hopper@example.com" } });
  const toAcs = parseForm(posted);
  const back = await browser.navigate(toAcs.action, [up.hostedUrl!], { form: toAcs.fields });
  expect(back.location, back.body.slice(-300)).toMatch(/^http:\/\/localhost:3000\/\?code=.*&state=s1/);
  // A browser with no session sees the button on the hosted login page.
  const login = await new Browser(tls).navigate(
    amplifyAuthorizeUrl("COGNITO", "s2", challenge).replace("&identity_provider=COGNITO", ""),
    [up.hostedUrl!],
  );
  expect(login.body).toContain("Continue with DevSAML");
});

it(
  "signInWithRedirect({ provider: 'Google' }): " +
    "authorize → dev Google → code → token from the browser → refresh via the JSON API → logout",
  async () => {
    const browser = new Browser(tls);
    const { verifier, challenge } = pkce();
    const state = randomBytes(16).toString("hex");
    const chooser = await browser.navigate(amplifyAuthorizeUrl("Google", state, challenge), [up.hostedUrl!]);
    expect(chooser.body).toContain("Ada Lovelace");
    const { action, fields } = parseForm(chooser);
    const chosen = await browser.request(action, { form: { ...fields, sub: "100000000000000000001" } });
    const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [
      up.hostedUrl!,
    ]);
    const cb = new URL(back.location!);
    expect(`${cb.origin}${cb.pathname}`).toBe(REDIRECT);
    expect(cb.searchParams.get("state")).toBe(state);

    const t = await amplifyTokenRequest(cb.searchParams.get("code")!, verifier);
    expect(t.error).toBeUndefined();
    expect(t.token_type).toBe("Bearer");
    // completeOAuthFlow reads `username` from the access token.
    expect(decodeJwt(t.access_token!).username).toBe("Google_100000000000000000001");
    expect(decodeJwt(t.id_token!)).toMatchObject({
      email: "ada.lovelace@example.com",
      "cognito:username": "Google_100000000000000000001",
    });

    // Amplify refreshes with InitiateAuth REFRESH_TOKEN_AUTH against the user-pools API.
    const refreshed = await anonClient(up.url).send(
      new InitiateAuthCommand({
        ClientId: DEV_CLIENT,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: t.refresh_token! },
      }),
    );
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).sub).toBe(decodeJwt(t.id_token!).sub);

    // oAuthSignOutRedirect: logout_uri is encodeURIComponent-ed once.
    const out = await browser.request(
      `https://${domain}/logout?client_id=${DEV_CLIENT}&logout_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(REDIRECT);
  },
);

it("signInWithRedirect() (COGNITO): the hosted login page signs in a user of the dev pool", async () => {
  const email = uniqueEmail("amplify-hosted");
  const admin = adminClient(up.url);
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: DEV_POOL,
      Username: email,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: DEV_POOL,
      Username: email,
      Password: "Amplify-Hosted1!",
      Permanent: true,
    }),
  );
  const browser = new Browser(tls);
  const { verifier, challenge } = pkce();
  const login = await browser.navigate(amplifyAuthorizeUrl("COGNITO", "abc-custom", challenge), [up.hostedUrl!]);
  const { action, fields } = parseForm(login);
  const res = await browser.request(action, { form: { ...fields, username: email, password: "Amplify-Hosted1!" } });
  expect(res.status).toBe(303);
  const cb = new URL(res.headers.get("location")!);
  expect(cb.searchParams.get("state")).toBe("abc-custom");
  const t = await amplifyTokenRequest(cb.searchParams.get("code")!, verifier);
  expect(decodeJwt(t.id_token!).email).toBe(email);
});
