/**
 * A stand-in for the user pool's JSON API at the fetch level, so tests run the real aws-amplify
 * code (serialisation, token store, refresh, Hub events) and only the network is fake.
 */
import { vi } from "vitest";

export const CLIENT_ID = "authhubwebclientlocaldev01";
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;

export interface PoolCall {
  url: string;
  target: string;
  body: Record<string, unknown>;
}

type Handler = (
  body: Record<string, unknown>,
) => { status?: number; json: unknown } | Promise<{ status?: number; json: unknown }>;

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** An unsigned JWT: Amplify only decodes tokens on the client, the API verifies signatures. */
export function jwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", kid: "test" })}.${b64url(payload)}.c2lnbmF0dXJl`;
}

export function tokensFor(
  options: { sub?: string; email?: string; expired?: boolean; extraIdClaims?: Record<string, unknown> } = {},
) {
  const sub = options.sub ?? "sub-alice";
  const now = Math.floor(Date.now() / 1000);
  const exp = options.expired ? now - 600 : now + 3600;
  const common = { sub, iss: "http://localhost:9229/us-east-1_AuthHub01", iat: now - 60, exp, origin_jti: "o-1" };
  return {
    username: sub,
    accessToken: jwt({
      ...common,
      token_use: "access",
      client_id: CLIENT_ID,
      username: sub,
      scope: "aws.cognito.signin.user.admin",
    }),
    idToken: jwt({
      ...common,
      token_use: "id",
      aud: CLIENT_ID,
      "cognito:username": sub,
      email: options.email ?? "alice@example.com",
      ...options.extraIdClaims,
    }),
    refreshToken: "refresh-token-opaque",
  };
}

/** Writes tokens where Amplify's token store looks for them, in any Storage-like area. */
export function seedTokens(
  storage: { setItem(key: string, value: string): void },
  tokens: ReturnType<typeof tokensFor>,
): void {
  storage.setItem(`${PREFIX}.LastAuthUser`, tokens.username);
  storage.setItem(`${PREFIX}.${tokens.username}.accessToken`, tokens.accessToken);
  storage.setItem(`${PREFIX}.${tokens.username}.idToken`, tokens.idToken);
  storage.setItem(`${PREFIX}.${tokens.username}.refreshToken`, tokens.refreshToken);
  storage.setItem(`${PREFIX}.${tokens.username}.clockDrift`, "0");
}

export function storedAccessToken(
  storage: { getItem(key: string): string | null },
  username = "sub-alice",
): string | null {
  return storage.getItem(`${PREFIX}.${username}.accessToken`);
}

export function cognitoFailure(name: string, message: string, status = 400) {
  return { status, json: { __type: name, message } };
}

/**
 * Installs a fake `fetch` answering X-Amz-Target operations from `handlers`; unknown operations fail the test
 * loudly.
 */
export function fakeUserPool(handlers: Record<string, Handler>) {
  const calls: PoolCall[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const target = (new Headers(init?.headers).get("x-amz-target") ?? "").replace(
      "AWSCognitoIdentityProviderService.",
      "",
    );
    const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as Record<string, unknown>;
    calls.push({ url, target, body });
    const handler = handlers[target];
    if (!handler) throw new Error(`fake user pool: no handler for ${target}`);
    const { status = 200, json } = await handler(body);
    const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1" };
    const type = (json as { __type?: string }).__type;
    if (status >= 300 && type) headers["x-amzn-errortype"] = type;
    return new Response(JSON.stringify(json), { status, headers });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}
