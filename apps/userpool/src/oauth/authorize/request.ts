/**
 * Validation of an authorization request (GET /oauth2/authorize, and the hosted pages that carry
 * its parameters along). It reads like a checklist: each step is a small named function, run in
 * order. Steps before `checkRedirectUri` fail with an error page (AuthorizePageError) — with no
 * trusted redirect URI yet, redirecting would make us an open redirector; steps after it fail with
 * an OAuth error sent back to the client's redirect URI.
 */
import type { Client, Pool } from "../../services/pools.js";
import type { Services } from "../../services/index.js";
import {
  AuthorizePageError,
  invalidRequest,
  invalidScope,
  OAuthError,
  unauthorizedClient,
  unsupportedResponseType,
} from "../errors.js";
import type { Params } from "../params.js";
import { CODE_CHALLENGE } from "../pkce.js";
import { matchRedirectUri } from "../redirectUri.js";
import { OIDC_SCOPES, OPENID, parseScopeParam, RESERVED_SCOPES, splitCustomScope } from "../scopes.js";

export type ResponseType = "code" | "token";
export const COGNITO_PROVIDER = "COGNITO";

export interface AuthorizationRequest {
  pool: Pool;
  client: Client;
  redirectUri: string;
  responseType: ResponseType;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  /** The provider the client asked for (identity_provider or idp_identifier), if any. */
  provider: string | undefined;
  prompt: "none" | "login" | undefined;
  /** The request's own parameters, to carry across the hosted pages. */
  params: Params;
  /**
   * The pool domain's ManagedLoginVersion: 1, the classic hosted UI; 2, managed login, the only one that offers
   * passwordless and passkey sign-in (developer guide, "Things to know about authentication"). Unset reads as 1.
   */
  managedLoginVersion?: number;
}

/** An error to send to the client's (validated) redirect URI. */
export class AuthorizeRedirectError extends Error {
  override name = "AuthorizeRedirectError";
  constructor(
    readonly target: { redirectUri: string; state: string | undefined; responseType: ResponseType; issuer: string },
    readonly error: OAuthError,
  ) {
    super(error.description);
  }
}

export type AuthorizeDeps = Pick<Services, "pools" | "domains" | "identityProviders" | "resourceServers" | "urls">;
type Draft = Partial<AuthorizationRequest> & { params: Params };
type Step = (deps: AuthorizeDeps, d: Draft) => Promise<void> | void;

const MAX_PARAM = 2048;
const page = (title: string, detail: string) => new AuthorizePageError(title, detail);

const checkParameterSizes: Step = (_deps, d) => {
  for (const [k, v] of Object.entries(d.params))
    if (v.length > MAX_PARAM) throw page("Invalid request", `The ${k.slice(0, 32)} parameter is too long.`);
};

const checkClient: Step = async (deps, d) => {
  const id = d.params.client_id;
  if (!id) throw page("Invalid request", "The client_id parameter is missing.");
  // A URL client_id is a CIMD client; this server does not fetch metadata documents (ADR 0033).
  if (id.startsWith("https://"))
    throw page(
      "Client ID metadata documents are not supported",
      "This server does not fetch client ID metadata documents (CIMD), so a URL cannot be a client_id here.",
    );
  const client = await deps.pools.findClient(id);
  const pool = client && (await deps.pools.findPool(client.poolId));
  if (!client || !pool) throw page("Unknown app client", "The app client in this link does not exist.");
  // Cognito serves the hosted UI only for pools with a domain (CreateUserPoolDomain).
  const domain = await deps.domains.forPool(pool.id);
  if (!domain)
    throw page("Sign-in is not set up", "This user pool has no domain, so its hosted sign-in pages are not available.");
  d.client = client;
  d.managedLoginVersion = domain.managedLoginVersion;
  d.pool = pool;
};

const checkRedirectUri: Step = (_deps, d) => {
  const requested = d.params.redirect_uri;
  if (!requested) throw page("Invalid request", "The redirect_uri parameter is missing.");
  const match = matchRedirectUri(d.client!.settings.CallbackURLs, requested);
  if (!match)
    throw page(
      "Redirect mismatch",
      "The redirect_uri in this link is not registered for this app client. Nothing was sent to it.",
    );
  d.redirectUri = match;
  d.state = d.params.state;
};

const checkOAuthEnabled: Step = (_deps, d) => {
  if (!d.client!.settings.AllowedOAuthFlowsUserPoolClient)
    throw unauthorizedClient("The app client is not enabled for OAuth flows.");
};

const checkResponseType: Step = (_deps, d) => {
  const rt = d.params.response_type;
  if (!rt) throw invalidRequest("response_type is required.");
  if (rt !== "code" && rt !== "token")
    throw unsupportedResponseType(`response_type ${rt.slice(0, 32)} is not supported; use code or token.`);
  d.responseType = rt;
  const flows = d.client!.settings.AllowedOAuthFlows ?? [];
  // The implicit grant only where the client opted in (RFC 9700 §2.1.2 recommends against it).
  if (rt === "token" && !flows.includes("implicit"))
    throw unauthorizedClient("The implicit grant is not enabled for this app client.");
  if (rt === "code" && !flows.includes("code"))
    throw unauthorizedClient("The authorization code grant is not enabled for this app client.");
};

const checkScope: Step = async (deps, d) => {
  const allowed = d.client!.settings.AllowedOAuthScopes ?? [];
  const raw = d.params.scope;
  // Cognito grants every scope the client allows when the request names none.
  const requested = raw === undefined || raw.trim() === "" ? [...allowed] : parseScopeParam(raw);
  if (!requested) throw invalidScope("The scope parameter is malformed.");
  for (const s of requested)
    if (!allowed.includes(s)) throw invalidScope(`Scope ${s.slice(0, 64)} is not allowed for this app client.`);
  if (!requested.length) throw invalidScope("The app client allows no scopes.");
  // Cognito: email, phone and profile are OIDC scopes and need openid.
  if (requested.some((s) => OIDC_SCOPES.has(s) && s !== OPENID) && !requested.includes(OPENID))
    throw invalidScope("The email, phone and profile scopes require the openid scope.");
  for (const s of requested) {
    if (RESERVED_SCOPES.has(s)) continue;
    const custom = splitCustomScope(s);
    if (!custom || !(await deps.resourceServers.scopeExists(d.pool!.id, custom.identifier, custom.name)))
      throw invalidScope(`Scope ${s.slice(0, 64)} does not exist.`);
  }
  d.scopes = requested;
};

const checkPkce: Step = (deps, d) => {
  const challenge = d.params.code_challenge;
  const method = d.params.code_challenge_method;
  if (method !== undefined && method !== "S256")
    throw invalidRequest("code_challenge_method must be S256 (plain is not accepted).");
  if (method !== undefined && challenge === undefined)
    throw invalidRequest("code_challenge_method was sent without a code_challenge.");
  if (challenge !== undefined) {
    // S256 must be said explicitly: a challenge without a method would mean plain (RFC 7636 §4.3).
    if (method === undefined) throw invalidRequest("code_challenge_method=S256 is required with code_challenge.");
    if (!CODE_CHALLENGE.test(challenge))
      throw invalidRequest("code_challenge must be a base64url SHA-256 (43 characters).");
    if (d.responseType !== "code") throw invalidRequest("PKCE applies to response_type=code only.");
  }
  // RFC 9700 §2.1.1: public clients must use PKCE (nothing else binds the code to them).
  if (d.responseType === "code" && challenge === undefined && deps.pools.clientSecret(d.client!) === undefined) {
    throw invalidRequest("code_challenge is required for public clients (PKCE with S256).");
  }
  d.codeChallenge = challenge;
};

const checkNonce: Step = (_deps, d) => {
  const nonce = d.params.nonce;
  if (nonce !== undefined && (nonce.length === 0 || nonce.length > 512))
    throw invalidRequest("nonce must be 1–512 characters.");
  d.nonce = nonce;
};

const checkIdentityProvider: Step = async (deps, d) => {
  const { identity_provider: name, idp_identifier: identifier } = d.params;
  const supported = d.client!.settings.SupportedIdentityProviders ?? [];
  let provider: string | undefined;
  if (name !== undefined) {
    provider = name;
  } else if (identifier !== undefined) {
    provider = (await deps.identityProviders.findByIdentifier(d.pool!.id, identifier))?.name;
    if (!provider) throw invalidRequest("No identity provider has that idp_identifier.");
  }
  if (provider !== undefined) {
    if (!supported.includes(provider))
      throw unauthorizedClient(`The app client does not support the identity provider ${provider.slice(0, 32)}.`);
    if (provider !== COGNITO_PROVIDER && !(await deps.identityProviders.find(d.pool!.id, provider)))
      throw invalidRequest(`Identity provider ${provider.slice(0, 32)} does not exist.`);
  } else if (!supported.length) {
    throw unauthorizedClient("The app client has no identity providers enabled.");
  }
  d.provider = provider;
};

const checkPrompt: Step = (_deps, d) => {
  const prompt = d.params.prompt;
  if (prompt === undefined) return;
  const values = prompt.split(" ").filter(Boolean);
  if (values.includes("none") && values.length > 1)
    throw invalidRequest("prompt=none cannot be combined with other values.");
  if (values.includes("none")) d.prompt = "none";
  else if (values.includes("login")) d.prompt = "login";
  // select_account and consent: one account per session and no consent screen, so nothing to do.
};

/** The checklist, in order (see the file comment for why the redirect URI comes second). */
export const AUTHORIZE_STEPS: readonly Step[] = [
  checkParameterSizes,
  checkClient,
  checkRedirectUri,
  checkOAuthEnabled,
  checkResponseType,
  checkScope,
  checkPkce,
  checkNonce,
  checkIdentityProvider,
  checkPrompt,
];

/** Validates the request; throws AuthorizePageError or AuthorizeRedirectError. */
export async function parseAuthorizationRequest(deps: AuthorizeDeps, params: Params): Promise<AuthorizationRequest> {
  const d: Draft = { params };
  for (const step of AUTHORIZE_STEPS) {
    try {
      await step(deps, d);
    } catch (e) {
      if (e instanceof OAuthError && d.redirectUri && d.pool) {
        throw new AuthorizeRedirectError(
          {
            redirectUri: d.redirectUri,
            state: d.state,
            responseType: d.responseType === "token" ? "token" : "code",
            issuer: deps.urls.issuer(d.pool.id),
          },
          e,
        );
      }
      throw e;
    }
  }
  return d as AuthorizationRequest;
}
