/**
 * A one-time code as the first factor on the hosted pages (managed login's choice-based sign-in): /login's
 * "Email me a sign-in code" (or "Text me…") starts USER_AUTH with that PREFERRED_CHALLENGE, and /mfa asks
 * for the code. Both run the choice-based sign-in service itself (services/userAuth.ts), so the factors the
 * pool and the user allow, the code, its lockout, the triggers and PreventUserExistenceErrors behave as
 * through InitiateAuth and RespondToAuthChallenge. A code is the whole sign-in: no MFA step follows (ADR 0023).
 *
 * The challenge's Session rides in /mfa's cookie; /mfa hands sessions of these kinds to this module. An
 * unknown name is answered as the client's PreventUserExistenceErrors says, as through the API: ENABLED
 * shows the code page with a simulated destination, LEGACY says the user does not exist.
 */
import type { Request, Response } from "express";
import { CHALLENGE_INVALID, CognitoError } from "../errors/cognitoErrors.js";
import { type Html, html, joinHtml } from "../html.js";
import { signInAndComplete } from "../oauth/authorize/complete.js";
import { COGNITO_PROVIDER, type AuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams } from "../oauth/params.js";
import type { SessionKind } from "../services/challengeSessions.js";
import { checkStatus } from "../services/customAuth.js";
import { maskEmail } from "../services/mail/messages.js";
import { firstAuthFactors } from "../services/poolSettings.js";
import { computeSecretHash } from "../services/secretHash.js";
import type { FlowContext } from "../services/signIn.js";
import type { UserAuthPort } from "../services/userAuth.js";
import type { UserRow } from "../store/index.js";
import { clearCookie, setCookie } from "./cookies.js";
import { csrfOk } from "./csrf.js";
import { csrfField, formValue, page, pageUrl, redirect, shownError, type HostedDeps } from "./flow.js";

export type CodeFactor = "EMAIL_OTP" | "SMS_OTP";

/** The challenge-session kinds of a USER_AUTH code (services/userAuth.ts CODE_KINDS). */
export const CODE_SESSION_FACTORS: Readonly<Partial<Record<SessionKind, CodeFactor>>> = {
  EMAIL_OTP_SIGN_IN: "EMAIL_OTP",
  SMS_OTP: "SMS_OTP",
};

const CODE_FIELDS: Record<CodeFactor, string> = { EMAIL_OTP: "EMAIL_OTP_CODE", SMS_OTP: "SMS_OTP_CODE" };

export const CODE_BUTTONS: Record<CodeFactor, string> = {
  EMAIL_OTP: "Email me a sign-in code",
  SMS_OTP: "Text me a sign-in code",
};

/**
 * The code factors /login offers: the pool's first factors (Policies.SignInPolicy) on a client that allows
 * choice-based sign-in (ALLOW_USER_AUTH), as managed login shows them (developer guide, "Managed login"). Only
 * managed login (the domain's ManagedLoginVersion 2) has passwordless sign-in; the classic hosted UI has not
 * (developer guide, "Things to know about authentication with user pools").
 */
export function offeredCodeFactors(r: AuthorizationRequest): CodeFactor[] {
  if (r.managedLoginVersion !== 2) return [];
  if (!(r.client.settings.ExplicitAuthFlows ?? []).includes("ALLOW_USER_AUTH")) return [];
  return firstAuthFactors(r.pool.settings).filter((f): f is CodeFactor => f === "EMAIL_OTP" || f === "SMS_OTP");
}

/** How a code (or passkey) sign-in ended, when it did not throw. */
export type CodeSignInEnd = { kind: "signed-in"; user: UserRow } | { kind: "new-password-required" };

/**
 * What the choice-based sign-in service needs from the hosted pages: only the code's end. No tokens here:
 * they come later from the token endpoint, as after the password.
 */
export function hostedCodePort(deps: HostedDeps, ended: { value?: CodeSignInEnd }): UserAuthPort {
  const unused = (): never => {
    throw new Error("the hosted code sign-in starts no password factor");
  };
  return {
    srpChallenge: unused,
    checkPassword: unused,
    signInAfterSignUp: unused,
    async signInWithCode(ctx, user) {
      checkStatus(user);
      if (user.status === "FORCE_CHANGE_PASSWORD") {
        ended.value = { kind: "new-password-required" };
        return {};
      }
      await deps.triggers.postAuthentication({ pool: ctx.pool, client: ctx.client, user, newDeviceUsed: false });
      ended.value = { kind: "signed-in", user };
      return {};
    },
  };
}

/** SECRET_HASH for a confidential client: the hosted UI knows the secret, as managed login does. */
export function hostedSecretHash(deps: HostedDeps, r: AuthorizationRequest, username: string): Record<string, string> {
  const secret = deps.pools.clientSecret(r.client);
  return secret !== undefined ? { SECRET_HASH: computeSecretHash(secret, username, r.client.id) } : {};
}

/**
 * POST /login with a code button: USER_AUTH preferring `factor`. Returns false when the user cannot get a
 * code that way (no verified address or number: the service answered SELECT_CHALLENGE instead).
 */
export async function startCodeSignIn(
  deps: HostedDeps,
  res: Response,
  r: AuthorizationRequest,
  username: string,
  factor: CodeFactor,
  cookieName: string,
): Promise<boolean> {
  const ctx: FlowContext = { pool: r.pool, client: r.client };
  const params = { USERNAME: username, PREFERRED_CHALLENGE: factor, ...hostedSecretHash(deps, r, username) };
  const out = await deps.userAuth.start(ctx, params, hostedCodePort(deps, {}));
  if (out.ChallengeName !== factor || !out.Session) return false;
  setCookie(res, cookieName, out.Session, r.client.settings.AuthSessionValidity * 60_000);
  redirect(res, 303, pageUrl(deps, "/mfa", r));
  return true;
}

/** The code session behind /mfa's cookie. */
export interface CodeChallenge {
  session: string;
  factor: CodeFactor;
  /** The session's user; undefined for a name no user has (PreventUserExistenceErrors). */
  user: UserRow | undefined;
  /** USERNAME for the answer: the user's name, or the stand-in of an unknown one. */
  username: string;
  typed: string | undefined;
}

export async function openCodeChallenge(
  deps: HostedDeps,
  r: AuthorizationRequest,
  session: string,
  kind: SessionKind,
): Promise<CodeChallenge | undefined> {
  const factor = CODE_SESSION_FACTORS[kind];
  if (!factor) return undefined;
  let opened: { row: { userId: string | null }; state: { username: string; typed?: string } };
  try {
    opened = await deps.challengeSessions.peek(kind, Buffer.from(session, "base64url"), r.client);
  } catch (e) {
    if (e instanceof CognitoError) return undefined;
    throw e;
  }
  const { row, state } = opened;
  const user = row.userId ? await deps.users.getById(r.pool, row.userId) : undefined;
  if (row.userId && !user) return undefined;
  return { session, factor, user, username: state.username, typed: state.typed };
}

function codePage(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  c: CodeChallenge,
  o: { status?: number; error?: string },
): void {
  // Where the code went, masked as the API's CODE_DELIVERY_DESTINATION is; an unknown name gets the
  // simulated destination the API would show, so the page does not tell who exists.
  const email = c.user
    ? maskEmail(c.user.attributes.email ?? "")
    : (deps.existence.simulatedDelivery(r.pool, c.typed ?? c.username).Destination ?? "");
  const intro: Html =
    c.factor === "EMAIL_OTP"
      ? html`<p>We sent a sign-in code to ${email}. Enter it below.</p>`
      : html`<p>We sent a sign-in code by text message to your phone. Enter it below.</p>`;
  page(deps, req, res, r, {
    status: o.status ?? 200,
    ...(o.error ? { error: o.error } : {}),
    title: "Enter your sign-in code",
    body: joinHtml([
      intro,
      html`<form method="post" action="${pageUrl(deps, "/mfa", r)}" novalidate>${csrfField(deps, req, res)}`,
      html`<label for="code">Code</label><input id="code" name="code" type="text" inputmode="numeric" `,
      html`autocomplete="one-time-code" pattern="[0-9]*" maxlength="8" required autofocus>`,
      html`<button type="submit">Sign in</button></form>`,
      html`<p class="links"><a href="${pageUrl(deps, "/login", r)}">Sign in another way</a></p>`,
    ]),
  });
}

export function showCodePage(deps: HostedDeps, req: Request, res: Response, r: AuthorizationRequest, c: CodeChallenge) {
  codePage(deps, req, res, r, c, {});
}

/**
 * POST /mfa for a code session: the code, answered as RespondToAuthChallenge EMAIL_OTP / SMS_OTP. `expired`
 * sends the browser back to /login (session gone or used up by wrong codes).
 */
export async function submitCode(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  c: CodeChallenge,
  cookieName: string,
  expired: () => void,
): Promise<void> {
  const form = formParams(req);
  if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin))
    return codePage(deps, req, res, r, c, { status: 403, error: "This page expired. Please try again." });
  const code = formValue(form, "code", 16).trim();
  if (!code) return codePage(deps, req, res, r, c, { status: 400, error: "Enter the code." });
  const ended: { value?: CodeSignInEnd } = {};
  try {
    await deps.requestRates.admitEndpoint(r.pool.id, "POST /mfa");
    const responses = { USERNAME: c.username, [CODE_FIELDS[c.factor]]: code, ...hostedSecretHash(deps, r, c.username) };
    const ctx: FlowContext = { pool: r.pool, client: r.client };
    await deps.userAuth.answerCode(ctx, c.factor, c.session, responses, hostedCodePort(deps, ended));
  } catch (e) {
    if (!(e instanceof CognitoError)) throw e;
    if (e.message === CHALLENGE_INVALID) return expired();
    return codePage(deps, req, res, r, c, shownError(deps, res, e, r));
  }
  clearCookie(res, cookieName);
  if (ended.value?.kind !== "signed-in") {
    // FORCE_CHANGE_PASSWORD: as after a password, the app sets the new one (hosted/login.ts).
    redirect(res, 303, pageUrl(deps, "/login", r, { info: NEW_PASSWORD_INFO }));
    return;
  }
  redirect(res, 303, await signInAndComplete(deps, res, r, ended.value.user, COGNITO_PROVIDER));
}

/** Query value `info` the login page turns into "set your new password in the app". */
export const NEW_PASSWORD_INFO = "new-password";
