/** GET/POST /login: the hosted sign-in page (username + password, and "Continue with <provider>"). */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import { type Html, html, joinHtml } from "../html.js";
import { COGNITO_PROVIDER, type AuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams, queryParams } from "../oauth/params.js";
import { requestAddress } from "../http/addressLimit.js";
import { signalsOf } from "../services/risk/riskScore.js";
import { CODE_BUTTONS, type CodeFactor, NEW_PASSWORD_INFO, offeredCodeFactors, startCodeSignIn } from "./codeSignIn.js";
import { csrfOk } from "./csrf.js";
import { finishPasswordSignIn } from "./passkeyPrompt.js";
import { offersPasskey, PASSKEY_FAILED_INFO, startPasskeySignIn } from "./passkeySignIn.js";
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
import { MFA_EXPIRED_INFO, mfaCookieName, startMfaPage } from "./mfa.js";
import { hostedPasswordSignIn, type HostedSignInResult } from "./passwordSignIn.js";

function usernameLabel(r: AuthorizationRequest): string {
  const attrs = r.pool.settings.UsernameAttributes ?? [];
  return attrs.includes("email") ? "Email address" : attrs.includes("phone_number") ? "Phone number" : "Username";
}

async function render(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  o: { status?: number; error?: string; info?: string; username?: string },
): Promise<void> {
  const supported = r.client.settings.SupportedIdentityProviders ?? [];
  const cognito = supported.includes(COGNITO_PROVIDER);
  const body: Html[] = [];
  if (cognito) {
    body.push(
      html`<form method="post" action="${pageUrl(deps, "/login", r)}" novalidate>${csrfField(deps, req, res)}`,
      html`<label for="username">${usernameLabel(r)}</label><input id="username" name="username" type="text" `,
      html`autocomplete="username" autocapitalize="none" spellcheck="false" required value="${o.username ?? ""}">`,
      html`<label for="password">Password</label>`,
      html`<input id="password" name="password" type="password" autocomplete="current-password" required>`,
      html`<button type="submit">Sign in</button>`,
    );
    const codes = offeredCodeFactors(r);
    const passkey = offersPasskey(r);
    if (codes.length || passkey) {
      // Choice-based sign-in: the same form, another submit button; the password is then not needed.
      body.push(html`<p class="divider">or, without your password</p>`);
      if (passkey)
        body.push(
          html`<button type="submit" class="secondary" name="factor" value="WEB_AUTHN">Sign in with a passkey</button>`,
        );
      for (const factor of codes)
        body.push(
          html`<button type="submit" class="secondary" name="factor" value="${factor}">`,
          html`${CODE_BUTTONS[factor]}</button>`,
        );
    }
    body.push(
      html`</form>`,
      html`<p class="links"><a href="${pageUrl(deps, "/forgotPassword", r)}">Forgot your password?</a></p>`,
    );
    if (!r.pool.settings.AdminCreateUserConfig.AllowAdminCreateUserOnly)
      body.push(html`<p class="links">Need an account? <a href="${pageUrl(deps, "/signup", r)}">Sign up</a></p>`);
  }
  const idps = [];
  for (const name of supported)
    if (name !== COGNITO_PROVIDER && (await deps.identityProviders.find(r.pool.id, name))) idps.push(name);
  if (idps.length) {
    if (cognito) body.push(html`<p class="divider">or</p>`);
    const p = new URLSearchParams(r.params);
    for (const name of idps) {
      p.set("identity_provider", name);
      const href = pageUrl(deps, "/oauth2/authorize", { ...r, params: Object.fromEntries(p) });
      // Cognito's buttons name Apple and Amazon by brand, other providers by their ProviderName.
      const label = name === "SignInWithApple" ? "Apple" : name === "LoginWithAmazon" ? "Amazon" : name;
      body.push(html`<a class="button idp" href="${href}">Continue with ${label}</a>`);
    }
  }
  page(deps, req, res, r, {
    status: o.status ?? 200,
    title: "Sign in",
    body: joinHtml(body),
    ...(o.error ? { error: o.error } : {}),
    ...(o.info ? { info: o.info } : {}),
  });
}

const NEW_PASSWORD_HERE =
  "Your temporary password must be changed before you can sign in here. Sign in from the app to set a new password.";

/** A code button on /login: a one-time code as the first factor (hosted/codeSignIn.ts). */
async function codeSubmit(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  username: string,
  typedFactor: string,
): Promise<void> {
  if (typedFactor === "WEB_AUTHN" && offersPasskey(r)) {
    await passkeySubmit(deps, req, res, r, username);
    return;
  }
  const factor = offeredCodeFactors(r).find((f): f is CodeFactor => f === typedFactor);
  if (!factor) {
    await render(deps, req, res, r, {
      status: 400,
      error: "That sign-in method is not enabled for this app.",
      username,
    });
    return;
  }
  if (!username) {
    await render(deps, req, res, r, { status: 400, error: `Enter your ${usernameLabel(r).toLowerCase()}.` });
    return;
  }
  try {
    // Row UserAuthentication, as InitiateAuth: the sign-in starts here.
    await deps.requestRates.admitEndpoint(r.pool.id, "POST /login");
    if (await startCodeSignIn(deps, res, r, username, factor, mfaCookieName(r.pool.id))) return;
  } catch (e) {
    if (e instanceof CognitoError) {
      await render(deps, req, res, r, { ...shownError(deps, res, e, r), username });
      return;
    }
    throw e;
  }
  const what = factor === "EMAIL_OTP" ? "verified email address" : "verified phone number";
  await render(deps, req, res, r, {
    status: 400,
    error: `This account has no ${what} for sign-in codes. Sign in with your password.`,
    username,
  });
}

/** The passkey button on /login (hosted/passkeySignIn.ts). */
async function passkeySubmit(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  username: string,
): Promise<void> {
  if (!username) {
    await render(deps, req, res, r, { status: 400, error: `Enter your ${usernameLabel(r).toLowerCase()}.` });
    return;
  }
  try {
    await deps.requestRates.admitEndpoint(r.pool.id, "POST /login");
    if (await startPasskeySignIn(deps, req, res, r, username, mfaCookieName(r.pool.id))) return;
  } catch (e) {
    if (e instanceof CognitoError) {
      await render(deps, req, res, r, { ...shownError(deps, res, e, r), username });
      return;
    }
    throw e;
  }
  await render(deps, req, res, r, {
    status: 400,
    error: "This account has no passkey for this site. Sign in another way, then add one.",
    username,
  });
}

export function loginPage(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "login";
    const r = await requestForPage(deps, req, res);
    if (!r) return;
    const q = queryParams(req);
    await render(deps, req, res, r, {
      ...(q.username ? { username: q.username } : {}),
      ...(q.info === "confirmed" ? { info: "Your account is confirmed. Sign in." } : {}),
      ...(q.info === "reset" ? { info: "Your password has been reset. Sign in with the new one." } : {}),
      // The MFA step's session ran out (or too many wrong codes used it up): the password again.
      ...(q.info === MFA_EXPIRED_INFO ? { error: "Your session has expired. Please sign in again." } : {}),
      ...(q.info === NEW_PASSWORD_INFO ? { error: NEW_PASSWORD_HERE } : {}),
      ...(q.info === PASSKEY_FAILED_INFO ? { error: "Your passkey did not sign you in. Try again." } : {}),
    });
  };
}

export function loginSubmit(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "login";
    const r = await requestForPage(deps, req, res);
    if (!r) return;
    try {
      const form = formParams(req);
      const username = formValue(form, "username", 128).trim();
      if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin)) {
        await render(deps, req, res, r, { status: 403, error: "This page expired. Please sign in again.", username });
        return;
      }
      if (!(r.client.settings.SupportedIdentityProviders ?? []).includes(COGNITO_PROVIDER)) {
        await render(deps, req, res, r, { status: 400, error: "Sign-in with a password is not enabled for this app." });
        return;
      }
      const factor = form.factor !== undefined ? formValue(form, "factor", 16) : undefined;
      if (factor !== undefined) {
        await codeSubmit(deps, req, res, r, username, factor);
        return;
      }
      const password = formValue(form, "password", 256);
      if (!username || !password) {
        await render(deps, req, res, r, { status: 400, error: "Enter your username and password.", username });
        return;
      }
      let result: HostedSignInResult;
      try {
        // Row UserAuthentication of Cognito's quota table: "Managed login or classic hosted UI sign-in".
        await deps.requestRates.admitEndpoint(r.pool.id, "POST /login");
        result = await hostedPasswordSignIn(
          deps,
          r.pool,
          r.client,
          username,
          password,
          signalsOf({ sourceIp: requestAddress(deps.requestRates, req), userAgent: req.headers["user-agent"] }),
        );
      } catch (e) {
        if (e instanceof CognitoError) {
          await render(deps, req, res, r, { ...shownError(deps, res, e, r), username });
          return;
        }
        throw e;
      }
      switch (result.kind) {
        case "signed-in":
          // The app's code, or first managed login's passkey prompt (hosted/passkeyPrompt.ts).
          await finishPasswordSignIn(deps, req, res, r, result.user);
          return;
        case "mfa":
          startMfaPage(deps, res, r, result.challenge);
          return;
        case "unconfirmed":
          redirect(res, 303, pageUrl(deps, "/confirm", r, { username }));
          return;
        case "reset-required":
          redirect(res, 303, pageUrl(deps, "/forgotPassword", r, { username }));
          return;
        case "new-password-required":
          await render(deps, req, res, r, {
            status: 400,
            error: NEW_PASSWORD_HERE,
            username,
          });
          return;
      }
    } catch (e) {
      handleAuthorizeError(deps, res, e);
    }
  };
}
