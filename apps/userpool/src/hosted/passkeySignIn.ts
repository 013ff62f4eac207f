/**
 * Passkey sign-in on the hosted pages (managed login's "Sign in with a passkey"): /login's passkey button starts
 * USER_AUTH preferring WEB_AUTHN through the choice-based sign-in service (services/userAuth.ts), and answers
 * with a page whose small script hands the pool's CREDENTIAL_REQUEST_OPTIONS to navigator.credentials.get and
 * posts the assertion to /mfa, which answers the challenge with it (the passkey service verifies it: ADR 0026).
 * The script is a constant of this server's, allowed by its hash in the page's CSP.
 *
 * A sign-in challenge is used once: a refused answer (or one sent twice) ends the attempt, and the browser goes
 * back to /login to start again.
 */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import { html, joinHtml } from "../html.js";
import { signInAndComplete } from "../oauth/authorize/complete.js";
import { COGNITO_PROVIDER, type AuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams } from "../oauth/params.js";
import { firstAuthFactors } from "../services/poolSettings.js";
import type { FlowContext } from "../services/signIn.js";
import { type CodeSignInEnd, hostedCodePort, hostedSecretHash, NEW_PASSWORD_INFO } from "./codeSignIn.js";
import { clearCookie, setCookie } from "./cookies.js";
import { csrfOk } from "./csrf.js";
import { csrfField, formValue, page, pageUrl, redirect, shownError, type HostedDeps } from "./flow.js";

/** Query value `info` the login page turns into "the passkey did not sign you in". */
export const PASSKEY_FAILED_INFO = "passkey-failed";

/**
 * Whether /login offers a passkey: managed login (ManagedLoginVersion 2; the classic hosted UI has no passkeys),
 * WEB_AUTHN among the pool's first factors, on a client with ALLOW_USER_AUTH.
 */
export function offersPasskey(r: AuthorizationRequest): boolean {
  return (
    r.managedLoginVersion === 2 &&
    (r.client.settings.ExplicitAuthFlows ?? []).includes("ALLOW_USER_AUTH") &&
    firstAuthFactors(r.pool.settings).includes("WEB_AUTHN")
  );
}

/**
 * Runs on the passkey page: base64url ⇄ ArrayBuffer around navigator.credentials.get, the assertion posted as
 * JSON (AuthenticationResponseJSON, as Amplify sends CREDENTIAL). A refusal by the browser (cancelled, no
 * passkey for this site on the device) is said on the page, and the button tries again.
 */
export const PASSKEY_SIGN_IN_SCRIPT = [
  "(function(){",
  'var form=document.getElementById("passkey-form"),say=document.getElementById("passkey-status");',
  "if(!form)return;",
  'function buf(s){s=s.replace(/-/g,"+").replace(/_/g,"/");while(s.length%4)s+="=";',
  "var b=atob(s),a=new Uint8Array(b.length);for(var i=0;i<b.length;i++)a[i]=b.charCodeAt(i);return a.buffer}",
  'function b64(x){var a=new Uint8Array(x),s="";for(var i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);',
  'return btoa(s).replace(/\\+/g,"-").replace(/\\//g,"_").replace(/=+$/,"")}',
  'form.addEventListener("submit",function(e){',
  "if(form.elements.credential.value)return;e.preventDefault();",
  'if(!window.PublicKeyCredential||!navigator.credentials){say.textContent="This browser cannot use passkeys. ',
  'Sign in another way.";return}',
  'var o=JSON.parse(form.getAttribute("data-options"));say.textContent="";',
  "var pk={challenge:buf(o.challenge),rpId:o.rpId,timeout:o.timeout,userVerification:o.userVerification,",
  "allowCredentials:(o.allowCredentials||[]).map(function(c){",
  "return{type:c.type,id:buf(c.id),transports:c.transports}})};",
  "navigator.credentials.get({publicKey:pk}).then(function(c){var r=c.response;",
  "form.elements.credential.value=JSON.stringify({id:c.id,rawId:b64(c.rawId),type:c.type,",
  "authenticatorAttachment:c.authenticatorAttachment||undefined,clientExtensionResults:c.getClientExtensionResults(),",
  "response:{clientDataJSON:b64(r.clientDataJSON),authenticatorData:b64(r.authenticatorData),",
  "signature:b64(r.signature),userHandle:r.userHandle?b64(r.userHandle):undefined}});form.submit()},",
  'function(){say.textContent="The passkey was not used: the request was cancelled, or this device has no passkey ',
  'for this account. Try again, or sign in another way."})})})();',
].join("");

/**
 * POST /login with the passkey button: USER_AUTH preferring WEB_AUTHN. Returns false when the user has no
 * passkey for this pool (the service answered SELECT_CHALLENGE), after which /login says so.
 */
export async function startPasskeySignIn(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  username: string,
  cookieName: string,
): Promise<boolean> {
  const ctx: FlowContext = { pool: r.pool, client: r.client };
  const params = { USERNAME: username, PREFERRED_CHALLENGE: "WEB_AUTHN", ...hostedSecretHash(deps, r, username) };
  const out = await deps.userAuth.start(ctx, params, hostedCodePort(deps, {}));
  const options = out.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS;
  if (out.ChallengeName !== "WEB_AUTHN" || !out.Session || !options) return false;
  setCookie(res, cookieName, out.Session, r.client.settings.AuthSessionValidity * 60_000);
  page(deps, req, res, r, {
    title: "Sign in with your passkey",
    body: joinHtml([
      html`<p>Use your passkey for ${username}: your device asks for your fingerprint, face or PIN.</p>`,
      html`<form id="passkey-form" method="post" action="${pageUrl(deps, "/mfa", r)}" data-options="${options}">`,
      csrfField(deps, req, res),
      html`<input type="hidden" name="credential" value="">`,
      html`<button type="submit">Use my passkey</button></form>`,
      html`<p id="passkey-status" class="error" role="alert"></p>`,
      html`<p class="links"><a href="${pageUrl(deps, "/login", r, { username })}">Sign in another way</a></p>`,
    ]),
    scripts: [PASSKEY_SIGN_IN_SCRIPT],
  });
  return true;
}

/**
 * POST /mfa for a WEB_AUTHN session: the assertion answers the challenge (RespondToAuthChallenge WEB_AUTHN).
 * The session is used up either way; a refusal sends the browser back to /login, saying so.
 */
export async function submitPasskey(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  session: string,
  cookieName: string,
  expired: () => void,
): Promise<void> {
  let username: string;
  try {
    const opened = await deps.challengeSessions.peek<{ username: string }>(
      "WEB_AUTHN",
      Buffer.from(session, "base64url"),
      r.client,
    );
    username = opened.state.username;
  } catch (e) {
    if (e instanceof CognitoError) return expired();
    throw e;
  }
  const form = formParams(req);
  const again = (status: number, error: string) =>
    page(deps, req, res, r, {
      status,
      error,
      title: "Sign in with your passkey",
      body: html`<p class="links"><a href="${pageUrl(deps, "/login", r)}">Sign in again</a></p>`,
    });
  if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin))
    return again(403, "This page expired. Please sign in again.");
  const credential = formValue(form, "credential", 16_384);
  if (!credential) return again(400, "No passkey answer was sent. Please sign in again.");
  const ended: { value?: CodeSignInEnd } = {};
  try {
    await deps.requestRates.admitEndpoint(r.pool.id, "POST /mfa");
    const ctx: FlowContext = { pool: r.pool, client: r.client };
    const responses = { USERNAME: username, CREDENTIAL: credential, ...hostedSecretHash(deps, r, username) };
    await deps.userAuth.answerPasskey(ctx, session, responses, hostedCodePort(deps, ended));
  } catch (e) {
    if (!(e instanceof CognitoError)) throw e;
    shownError(deps, res, e, r);
    clearCookie(res, cookieName);
    redirect(res, 303, pageUrl(deps, "/login", r, { info: PASSKEY_FAILED_INFO }));
    return;
  }
  clearCookie(res, cookieName);
  if (ended.value?.kind !== "signed-in") {
    redirect(res, 303, pageUrl(deps, "/login", r, { info: NEW_PASSWORD_INFO }));
    return;
  }
  redirect(res, 303, await signInAndComplete(deps, res, r, ended.value.user, COGNITO_PROVIDER));
}
