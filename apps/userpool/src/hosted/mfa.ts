/**
 * GET/POST /mfa: the second factor on the hosted pages, after a right password on /login ("the user submits
 * the TOTP password on an additional sign-in page", developer guide, "TOTP software token MFA"). The pages
 * run the MFA service's own calls (mfaStep, answer, associateInSetup, verifyInSetup), as
 * RespondToAuthChallenge, AssociateSoftwareToken and VerifySoftwareToken do, so codes, replays, wrong
 * answers and lockout count exactly as through the API.
 *
 * The challenge's Session handle is the only state the browser holds, in an HttpOnly cookie for this
 * pool that lasts as long as the challenge may be answered (the client's AuthSessionValidity). Which
 * challenge it is, for whom and which factors it offers is read from the challenge session server-side.
 *
 * MFA_SETUP offers the factors the pool allows that can be set up here: the authenticator app, and
 * e-mail (the address, then the code sent to it, as MFA_SETUP answered with EMAIL; ADR 0015). There is
 * no "remember this device": managed login does not track devices.
 */
import type { Request, Response } from "express";
import { CHALLENGE_INVALID, CognitoError } from "../errors/cognitoErrors.js";
import { type Html, html, joinHtml, raw } from "../html.js";
import type { AuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams } from "../oauth/params.js";
import type { SessionKind } from "../services/challengeSessions.js";
import { maskEmail, signInName } from "../services/mail/messages.js";
import type { Challenge, FlowContext, MfaOutcome } from "../services/mfa/mfaService.js";
import { computeSecretHash } from "../services/secretHash.js";
import type { MfaFactor, UserRow } from "../store/index.js";
import { CODE_SESSION_FACTORS, type CodeChallenge, openCodeChallenge, showCodePage, submitCode } from "./codeSignIn.js";
import { clearCookie, readCookie, setCookie } from "./cookies.js";
import { finishPasswordSignIn } from "./passkeyPrompt.js";
import { submitPasskey } from "./passkeySignIn.js";
import { csrfOk } from "./csrf.js";
import {
  csrfField,
  formValue,
  handleAuthorizeError,
  page,
  pageUrl,
  redirect,
  requestForPage,
  shownError,
  type HostedDeps,
} from "./flow.js";

const MFA_KINDS: ReadonlySet<string> = new Set([
  "MFA_SETUP",
  "SELECT_MFA_TYPE",
  "SOFTWARE_TOKEN_MFA",
  "EMAIL_OTP",
  "SMS_MFA",
]);

const FACTOR_LABELS: Record<MfaFactor, string> = {
  SOFTWARE_TOKEN_MFA: "Authenticator app",
  EMAIL_OTP: "Email message",
  SMS_MFA: "Text message (SMS)",
};

const CODE_FIELDS: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE",
  EMAIL_OTP: "EMAIL_OTP_CODE",
  SMS_MFA: "SMS_MFA_CODE",
};

/** Query value `info` the login page turns into "sign in again". */
export const MFA_EXPIRED_INFO = "mfa-expired";

export const mfaCookieName = (poolId: string) => `__Host-authhub-mfa-${poolId}`;

/** After /login (or a factor choice) answered with a challenge: hold its Session and go to /mfa. */
export function startMfaPage(deps: HostedDeps, res: Response, r: AuthorizationRequest, c: Challenge): void {
  setCookie(res, mfaCookieName(r.pool.id), c.Session, r.client.settings.AuthSessionValidity * 60_000);
  redirect(res, 303, pageUrl(deps, "/mfa", r));
}

interface OpenChallenge {
  session: string;
  kind: SessionKind;
  user: UserRow;
  username: string;
  factors: MfaFactor[];
  /** EMAIL_OTP of an e-mail setup: the address the code went to (not yet the user's). */
  setupEmail?: string;
}

/** The live MFA challenge behind the cookie, for this request's client; undefined if none (or expired). */
async function openChallenge(
  deps: HostedDeps,
  req: Request,
  r: AuthorizationRequest,
): Promise<OpenChallenge | undefined> {
  const session = readCookie(req, mfaCookieName(r.pool.id));
  if (!session || !/^[A-Za-z0-9_-]{1,128}$/.test(session)) return undefined;
  const handle = Buffer.from(session, "base64url");
  const kind = await deps.challengeSessions.kindOf(handle);
  if (!kind || !MFA_KINDS.has(kind)) return undefined;
  let opened: {
    row: { userId: string | null };
    state: { username: string; factors?: MfaFactor[]; setupEmail?: string };
  };
  try {
    // Live, of this kind, and for this request's client, or nothing.
    opened = await deps.challengeSessions.peek(kind, handle, r.client);
  } catch (e) {
    if (e instanceof CognitoError) return undefined;
    throw e;
  }
  const { row, state } = opened;
  const user = row.userId ? await deps.users.getById(r.pool, row.userId) : undefined;
  if (!user) return undefined;
  return {
    session,
    kind,
    user,
    username: state.username,
    factors: state.factors ?? [],
    ...(state.setupEmail ? { setupEmail: state.setupEmail } : {}),
  };
}

/**
 * The USER_AUTH code behind the cookie (a first factor, hosted/codeSignIn.ts), if that is what it holds.
 * `expired` is true when the cookie names such a session that is no longer live.
 */
async function codeChallengeBehind(
  deps: HostedDeps,
  req: Request,
  r: AuthorizationRequest,
): Promise<{ challenge?: CodeChallenge; expired: boolean }> {
  const session = readCookie(req, mfaCookieName(r.pool.id));
  if (!session || !/^[A-Za-z0-9_-]{1,128}$/.test(session)) return { expired: false };
  const kind = await deps.challengeSessions.kindOf(Buffer.from(session, "base64url"));
  if (!kind || !CODE_SESSION_FACTORS[kind]) return { expired: false };
  const challenge = await openCodeChallenge(deps, r, session, kind);
  return challenge ? { challenge, expired: false } : { expired: true };
}

/** Back to the login page of the same authorization request, saying why. */
function backToLogin(deps: HostedDeps, res: Response, r: AuthorizationRequest): void {
  clearCookie(res, mfaCookieName(r.pool.id));
  redirect(res, 303, pageUrl(deps, "/login", r, { info: MFA_EXPIRED_INFO }));
}

/** The last digits of the user's phone number, as SMS_MFA's masked destination ends. */
const phoneEnd = (user: UserRow) => (user.attributes.phone_number ?? "").slice(-4);

/** The key URI authenticator apps read (Google Authenticator's "Key Uri Format"): issuer = the pool's name. */
function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?${new URLSearchParams({ secret, issuer })}`;
}

interface View {
  status?: number;
  error?: string;
  /** MFA_SETUP: the secret to show (a fresh one from associateInSetup, or the pending one again). */
  secret?: string;
  /** MFA_SETUP: the e-mail setup form (with the address typed, after a refusal). */
  emailSetup?: { address: string };
}

const EMAIL_SETUP_INTRO =
  "Enter the email address where you want to receive your sign-in codes. We will send a code to it.";

/** The factors MFA_SETUP can set up on these pages (SMS cannot be set up during sign-in: ADR 0015). */
const setupFactors = (c: OpenChallenge) =>
  c.factors.filter((f): f is "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" => f === "SOFTWARE_TOKEN_MFA" || f === "EMAIL_OTP");

function codeForm(deps: HostedDeps, req: Request, res: Response, r: AuthorizationRequest, submit: string): Html {
  return joinHtml([
    html`<form method="post" action="${pageUrl(deps, "/mfa", r)}" novalidate>${csrfField(deps, req, res)}`,
    html`<label for="code">Code</label><input id="code" name="code" type="text" inputmode="numeric" `,
    html`autocomplete="one-time-code" pattern="[0-9]*" maxlength="6" required>`,
    html`<button type="submit">${submit}</button></form>`,
  ]);
}

async function render(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  c: OpenChallenge,
  v: View,
): Promise<void> {
  const common = { status: v.status ?? 200, ...(v.error ? { error: v.error } : {}) };
  switch (c.kind) {
    case "SELECT_MFA_TYPE": {
      const buttons = c.factors.map(
        (f) => html`<button type="submit" name="factor" value="${f}">${FACTOR_LABELS[f]}</button>`,
      );
      page(deps, req, res, r, {
        ...common,
        title: "Choose how to verify",
        body: joinHtml([
          html`<p>Choose how you want to receive your sign-in code.</p>`,
          html`<form method="post" action="${pageUrl(deps, "/mfa", r)}" novalidate>${csrfField(deps, req, res)}`,
          joinHtml(buttons),
          html`</form>`,
        ]),
      });
      return;
    }
    case "MFA_SETUP": {
      if (v.emailSetup) {
        page(deps, req, res, r, {
          ...common,
          title: "Set up sign-in codes by email",
          body: joinHtml([
            html`<p>${EMAIL_SETUP_INTRO}</p>`,
            html`<form method="post" action="${pageUrl(deps, "/mfa", r)}" novalidate>${csrfField(deps, req, res)}`,
            html`<label for="email">Email address</label>`,
            html`<input id="email" name="email" type="email" autocomplete="email" maxlength="320" required `,
            html`value="${v.emailSetup.address}">`,
            html`<button type="submit">Send code</button></form>`,
          ]),
        });
        return;
      }
      const can = setupFactors(c);
      if (!v.secret && can.length > 1) {
        const buttons = can.map(
          (f) => html`<button type="submit" name="setup" value="${f}">${FACTOR_LABELS[f]}</button>`,
        );
        page(deps, req, res, r, {
          ...common,
          title: "Set up multi-factor authentication",
          body: joinHtml([
            html`<p>This account needs a second sign-in step. Choose how you want to receive your sign-in codes.</p>`,
            html`<form method="post" action="${pageUrl(deps, "/mfa", r)}" novalidate>${csrfField(deps, req, res)}`,
            joinHtml(buttons),
            html`</form>`,
          ]),
        });
        return;
      }
      if (!v.secret) {
        page(deps, req, res, r, {
          ...common,
          title: "Set up multi-factor authentication",
          body: html`<p>${
            "This account must set up multi-factor authentication, which cannot be done here. " +
            "Contact your administrator."
          }</p>`,
        });
        return;
      }
      const uri = otpauthUri(r.pool.name, signInName(r.pool, c.user), v.secret);
      // An inline SVG (no image request, nothing for the CSP to allow); the secret is also shown as text.
      // Loaded on the first set-up page only (docs/userpool/scaling.md, memory).
      const { default: encodeQR } = await import("qr");
      const svg = encodeQR(uri, "svg");
      page(deps, req, res, r, {
        ...common,
        title: "Set up an authenticator app",
        body: joinHtml([
          html`<p>${
            "Scan this QR code with your authenticator app, or enter the key below. " +
            "Then enter the 6-digit code the app shows."
          }</p>`,
          html`<div class="qr" role="img" aria-label="QR code of the key">${raw(svg)}</div>`,
          html`<p>Key: <code id="secret">${v.secret}</code></p>`,
          codeForm(deps, req, res, r, "Verify and sign in"),
        ]),
      });
      return;
    }
    default: {
      // An e-mail setup's code went to the address typed, not (yet) the user's.
      const sentTo = c.setupEmail ?? c.user.attributes.email ?? "";
      const intro =
        c.kind === "SOFTWARE_TOKEN_MFA"
          ? html`<p>Enter the 6-digit code from your authenticator app.</p>`
          : c.kind === "EMAIL_OTP"
            ? html`<p>We sent a code to ${maskEmail(sentTo)}. Enter it below.</p>`
            : html`<p>We sent a code by text message to the number ending in ${phoneEnd(c.user)}. Enter it below.</p>`;
      page(deps, req, res, r, {
        ...common,
        title: "Enter your code",
        body: joinHtml([intro, codeForm(deps, req, res, r, "Sign in")]),
      });
    }
  }
}

/** MFA_SETUP with an authenticator app: a new secret (and Session) from associateInSetup. */
async function associate(deps: HostedDeps, res: Response, r: AuthorizationRequest, c: OpenChallenge) {
  if (!c.factors.includes("SOFTWARE_TOKEN_MFA")) return undefined;
  const out = await deps.mfa.associateInSetup(c.session);
  setCookie(res, mfaCookieName(r.pool.id), out.session, r.client.settings.AuthSessionValidity * 60_000);
  return out.secret;
}

export function mfaPage(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "mfa";
    const r = await requestForPage(deps, req, res);
    if (!r) return;
    try {
      const code = await codeChallengeBehind(deps, req, r);
      if (code.challenge) return showCodePage(deps, req, res, r, code.challenge);
      const c = code.expired ? undefined : await openChallenge(deps, req, r);
      if (!c) return backToLogin(deps, res, r);
      await render(deps, req, res, r, c, c.kind === "MFA_SETUP" ? await setupStart(deps, res, r, c) : {});
    } catch (e) {
      if (e instanceof CognitoError && e.message === CHALLENGE_INVALID) return backToLogin(deps, res, r);
      handleAuthorizeError(deps, res, e);
    }
  };
}

/**
 * The first setup view: the choice when both factors can be set up, else the only one's page. Each
 * view of the app's page starts over with a new key, as AssociateSoftwareToken does.
 */
async function setupStart(deps: HostedDeps, res: Response, r: AuthorizationRequest, c: OpenChallenge): Promise<View> {
  const can = setupFactors(c);
  if (can.length !== 1) return {};
  if (can[0] === "EMAIL_OTP") return { emailSetup: { address: c.user.attributes.email ?? "" } };
  const secret = await associate(deps, res, r, c);
  return secret ? { secret } : {};
}

/** The page again after a refused POST; the setup page shows the key the user already has, not a new one. */
async function again(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  c: OpenChallenge,
  view: View,
): Promise<void> {
  const pending = c.kind === "MFA_SETUP" ? await deps.mfa.pendingSecret(r.pool, c.user) : undefined;
  await render(deps, req, res, r, c, { ...view, ...(pending ? { secret: pending } : {}) });
}

export function mfaSubmit(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "mfa";
    const r = await requestForPage(deps, req, res);
    if (!r) return;
    let c: OpenChallenge | undefined;
    let emailTyped: string | undefined;
    try {
      const held = readCookie(req, mfaCookieName(r.pool.id));
      if (held && /^[A-Za-z0-9_-]{1,128}$/.test(held)) {
        // A passkey sign-in's answer (hosted/passkeySignIn.ts).
        if ((await deps.challengeSessions.kindOf(Buffer.from(held, "base64url"))) === "WEB_AUTHN")
          return await submitPasskey(deps, req, res, r, held, mfaCookieName(r.pool.id), () =>
            backToLogin(deps, res, r),
          );
      }
      const code = await codeChallengeBehind(deps, req, r);
      if (code.challenge)
        return await submitCode(deps, req, res, r, code.challenge, mfaCookieName(r.pool.id), () =>
          backToLogin(deps, res, r),
        );
      c = code.expired ? undefined : await openChallenge(deps, req, r);
      if (!c) return backToLogin(deps, res, r);
      const form = formParams(req);
      if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin))
        return await again(deps, req, res, r, c, { status: 403, error: "This page expired. Please try again." });
      // Row UserAuthentication, as RespondToAuthChallenge; the per-address limit is the login's.
      await deps.requestRates.admitEndpoint(r.pool.id, "POST /mfa");
      const ctx: FlowContext = { pool: r.pool, client: r.client };
      const clientSecret = deps.pools.clientSecret(r.client);
      const username = c.username;
      // The hosted UI knows the client secret, so it sends SECRET_HASH itself (as callOperation does).
      const responses = (extra: Record<string, string>) => ({
        USERNAME: username,
        ...(clientSecret !== undefined ? { SECRET_HASH: computeSecretHash(clientSecret, username, r.client.id) } : {}),
        ...extra,
      });
      let outcome: MfaOutcome;
      if (c.kind === "SELECT_MFA_TYPE") {
        outcome = await deps.mfa.answer(ctx, c.kind, c.session, responses({ ANSWER: formValue(form, "factor", 32) }));
      } else if (c.kind === "MFA_SETUP" && form.setup !== undefined) {
        // The factor chosen on the setup page: its page (the app's key is associated now).
        const chosen = setupFactors(c).find((f) => f === formValue(form, "setup", 32));
        if (!chosen) return await again(deps, req, res, r, c, { status: 400, error: "Choose a way to sign in." });
        if (chosen === "EMAIL_OTP")
          return render(deps, req, res, r, c, { emailSetup: { address: c.user.attributes.email ?? "" } });
        const secret = await associate(deps, res, r, c);
        return render(deps, req, res, r, c, secret ? { secret } : {});
      } else if (c.kind === "MFA_SETUP" && form.email !== undefined) {
        // MFA_SETUP answered with EMAIL, as aws-amplify sends it: the code goes to the address typed.
        emailTyped = formValue(form, "email", 320).trim();
        if (!emailTyped)
          return render(deps, req, res, r, c, {
            status: 400,
            error: "Enter your email address.",
            emailSetup: { address: "" },
          });
        outcome = await deps.mfa.answer(ctx, "MFA_SETUP", c.session, responses({ EMAIL: emailTyped }));
      } else {
        const code = formValue(form, "code", 16).trim();
        if (!code) return await again(deps, req, res, r, c, { status: 400, error: "Enter the code." });
        if (c.kind === "MFA_SETUP") {
          // VerifySoftwareToken with the Session, whose new Session then answers MFA_SETUP, as an API client does.
          const verified = await deps.mfa.verifyInSetup(c.session, code, undefined);
          outcome = await deps.mfa.answer(ctx, "MFA_SETUP", verified, responses({}));
        } else {
          outcome = await deps.mfa.answer(ctx, c.kind, c.session, responses({ [CODE_FIELDS[c.kind]!]: code }));
        }
      }
      if ("challenge" in outcome) return startMfaPage(deps, res, r, outcome.challenge);
      await finish(deps, req, res, r, outcome.signedIn);
    } catch (e) {
      if (e instanceof CognitoError && c) {
        // Expired, or used up by too many wrong codes: the password again, as an API client must.
        if (e.message === CHALLENGE_INVALID) return backToLogin(deps, res, r);
        const shown = shownError(deps, res, e, r);
        // A refused address: the e-mail form again, with what was typed.
        if (emailTyped !== undefined)
          return render(deps, req, res, r, c, { ...shown, emailSetup: { address: emailTyped } });
        return await again(deps, req, res, r, c, shown);
      }
      handleAuthorizeError(deps, res, e);
    }
  };
}

/** The second factor passed: PostAuthentication, then the OAuth flow goes on as after a password alone. */
async function finish(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  user: UserRow,
): Promise<void> {
  // Threat protection: the sign-in event opened at the password passes with its Mfa challenge.
  await deps.threats.mfaPassed(r.pool, user);
  await deps.triggers.postAuthentication({ pool: r.pool, client: r.client, user, newDeviceUsed: false });
  clearCookie(res, mfaCookieName(r.pool.id));
  await finishPasswordSignIn(deps, req, res, r, user);
}
