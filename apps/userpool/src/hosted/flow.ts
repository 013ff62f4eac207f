/**
 * What every hosted page shares: it serves one authorization request, whose parameters travel in
 * its own query string (as Cognito's /login?client_id=…&redirect_uri=… does), so any instance can
 * serve any step and nothing is stored before the user signs in. Every page re-validates them.
 */
import type { Request, Response } from "express";
import { logCause } from "../errors/cause.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import { AuthorizePageError, OAuthError } from "../oauth/errors.js";
import {
  parseAuthorizationRequest,
  AuthorizeRedirectError,
  type AuthorizationRequest,
} from "../oauth/authorize/request.js";
import { errorResponseUrl } from "../oauth/authorize/response.js";
import type { Params } from "../oauth/params.js";
import { queryParams } from "../oauth/params.js";
import { parseInput } from "../protocol/validate.js";
import type { RequestContext } from "../protocol/target.js";
import { type Html, html } from "../html.js";
import { computeSecretHash } from "../services/secretHash.js";
import type { Services } from "../services/index.js";
import { targets } from "../targets/registry.js";
import type { Branding } from "./branding.js";
import { csrfToken } from "./csrf.js";
import { hostedErrorText } from "./errorText.js";
import { formTargetOf, HOSTED_SECURITY_HEADERS, sendHostedPage, type PageOptions } from "./layout.js";

/** Parameters the hosted pages add to the authorization request's own. */
const PAGE_PARAMS = new Set(["username", "info"]);

export type HostedDeps = Services;

/** The authorization request a page serves; on failure the response has been sent and undefined returned. */
export async function requestForPage(
  deps: HostedDeps,
  req: Request,
  res: Response,
): Promise<AuthorizationRequest | undefined> {
  try {
    const params = queryParams(req);
    const own: Params = Object.create(null);
    for (const [k, v] of Object.entries(params)) if (!PAGE_PARAMS.has(k)) own[k] = v;
    const r = await parseAuthorizationRequest(deps, own);
    // Every page of this request shows the client's stored branding (page() reads it).
    res.locals.branding = await deps.hostedBranding.forPage(r.pool.id, r.client.id);
    return r;
  } catch (e) {
    handleAuthorizeError(deps, res, e);
    return undefined;
  }
}

export function handleAuthorizeError(deps: Pick<HostedDeps, "log">, res: Response, e: unknown): void {
  if (e instanceof AuthorizePageError) {
    res.locals.errorType = "AuthorizePageError";
    sendHostedPage(res, { status: e.status, title: e.title, body: html`<p>${e.detail}</p>` });
    return;
  }
  if (e instanceof AuthorizeRedirectError) {
    res.locals.errorType = e.error.code;
    redirect(res, 302, errorResponseUrl(e.target, e.error));
    return;
  }
  // An OAuth error before the redirect URI was trusted (e.g. a duplicated parameter): a page, no redirect.
  if (e instanceof OAuthError) {
    res.locals.errorType = e.code;
    sendHostedPage(res, { status: 400, title: "Invalid request", body: html`<p>${e.description}</p>` });
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  deps.log.error({ err: { name: err.name, message: err.message, stack: err.stack } }, "hosted page failed");
  sendHostedPage(res, { status: 500, title: "Something went wrong", body: html`<p>Please try again later.</p>` });
}

/** Redirects with the hosted security headers (a 303 after any credential POST, RFC 9700 §4.12). */
export function redirect(res: Response, status: 302 | 303, location: string): void {
  res
    .status(status)
    .set({ ...HOSTED_SECURITY_HEADERS, Location: location })
    .end();
}

/** `path?<the request's parameters>[&extra]`. */
export function pageUrl(
  deps: Pick<Services, "urls">,
  path: string,
  r: AuthorizationRequest,
  extra: Record<string, string> = {},
): string {
  const p = new URLSearchParams(r.params);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `${basePath(deps)}${path}?${p.toString()}`;
}

/** Path prefix of the hosted base (USERPOOL_HOSTED_BASE may carry one). */
export function basePath(deps: Pick<Services, "urls">): string {
  return new URL(deps.urls.hosted()).pathname.replace(/\/+$/, "");
}

export function page(
  deps: HostedDeps,
  _req: Request,
  res: Response,
  r: AuthorizationRequest,
  o: Omit<PageOptions, "branding" | "formTargets" | "status"> & { status?: number },
): void {
  sendHostedPage(res, {
    ...o,
    status: o.status ?? 200,
    branding: (res.locals.branding as Branding | undefined) ?? deps.branding.get(r.pool.id),
    formTargets: [formTargetOf(r.redirectUri)],
  });
}

export function csrfField(deps: HostedDeps, req: Request, res: Response): Html {
  return html`<input type="hidden" name="_csrf" value="${csrfToken(deps, req, res)}">`;
}

/**
 * Runs a JSON-API operation (SignUp, ConfirmSignUp, ForgotPassword, …) for the hosted UI, so the
 * pages have exactly the API's rules, quotas and triggers. The hosted UI knows the client secret,
 * so it computes SECRET_HASH itself, as Cognito's managed login does.
 */
export async function callOperation(
  deps: HostedDeps,
  name: string,
  r: AuthorizationRequest,
  input: Record<string, unknown>,
  requestId: string,
  username?: string,
): Promise<unknown> {
  const target = targets.get(name);
  if (!target) throw new CognitoError("UnsupportedOperationException", `${name} is not available on this server.`);
  const secret = deps.pools.clientSecret(r.client);
  const withSecret =
    secret !== undefined && username !== undefined
      ? { SecretHash: computeSecretHash(secret, username, r.client.id) }
      : {};
  const ctx: RequestContext = { requestId, sourceIp: undefined };
  const parsed = parseInput(target.input, { ClientId: r.client.id, ...withSecret, ...input });
  // The operation's category counts as through the API
  // (Cognito: "Managed login password reset" is UserAccountRecovery, and so on).
  if (deps.requestRates.active) await deps.requestRates.admitOperation(name, parsed as Record<string, unknown>);
  return target.handle(deps, parsed, ctx);
}

/** The status of a page showing a CognitoError: 429 for a request-rate limit, 400 otherwise. */
export function errorStatus(e: CognitoError): 400 | 429 {
  return e.code === "TooManyRequestsException" ? 429 : 400;
}

/**
 * A CognitoError a page shows: its name goes to the request log, its internal cause (if any) to the
 * log with the request ID; the page gets the status and a sentence for a person (errorText.ts).
 */
export function shownError(
  deps: Pick<HostedDeps, "log">,
  res: Response,
  e: CognitoError,
  r: Pick<AuthorizationRequest, "pool"> | undefined,
): { status: 400 | 429; error: string } {
  res.locals.errorType = e.code;
  logCause(deps.log, e, { op: res.locals.operation, reqId: res.locals.requestId });
  const settings = r?.pool.settings;
  const error = hostedErrorText(e, {
    ...(settings ? { policy: settings.Policies.PasswordPolicy } : {}),
    usernameNoun: settings?.UsernameAttributes?.includes("email") ? "email address" : "username",
  });
  return { status: errorStatus(e), error };
}

/** A CognitoError's message for the page; anything else is rethrown. */
export function userMessage(e: unknown): string {
  if (e instanceof CognitoError) return e.message;
  throw e;
}

export function formValue(form: Record<string, string>, name: string, max = 2048): string {
  const v = form[name] ?? "";
  return v.length > max ? v.slice(0, max) : v;
}
