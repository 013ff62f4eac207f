/**
 * Managed login's passkey prompt (ADR 0028): after a sign-in with the password (and its MFA step) on the hosted
 * pages, a user who has no passkey for the pool's relying party is offered one before going back to the app,
 * where the pool prefers passkeys (WEB_AUTHN among its first factors) and the client allows USER_AUTH.
 * "Add a passkey" runs StartWebAuthnRegistration's options through navigator.credentials.create (a script
 * allowed by its hash) and POST /passkey completes the registration with the passkey service, as
 * CompleteWebAuthnRegistration does; "Not now" goes on and is remembered in this browser for 30 days.
 *
 * The user is signed in to the hosted UI before the prompt (its session cookie), so the app's code is issued
 * only by POST /passkey, for that session's user, whichever button was pressed.
 */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import { html, joinHtml } from "../html.js";
import { completeAuthorization, signInAndComplete } from "../oauth/authorize/complete.js";
import { COGNITO_PROVIDER, type AuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams } from "../oauth/params.js";
import type { UserRow } from "../store/index.js";
import { readCookie, setCookie } from "./cookies.js";
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
import { offersPasskey } from "./passkeySignIn.js";

const LATER_MS = 30 * 24 * 3_600_000;
const laterCookie = (poolId: string) => `__Host-authhub-passkey-later-${poolId}`;

/** navigator.credentials.create with the page's options; the RegistrationResponseJSON posted back. */
export const PASSKEY_PROMPT_SCRIPT = [
  "(function(){",
  'var form=document.getElementById("passkey-create"),say=document.getElementById("passkey-status");',
  "if(!form)return;",
  'function buf(s){s=s.replace(/-/g,"+").replace(/_/g,"/");while(s.length%4)s+="=";',
  "var b=atob(s),a=new Uint8Array(b.length);for(var i=0;i<b.length;i++)a[i]=b.charCodeAt(i);return a.buffer}",
  'function b64(x){var a=new Uint8Array(x),s="";for(var i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);',
  'return btoa(s).replace(/\\+/g,"-").replace(/\\//g,"_").replace(/=+$/,"")}',
  'form.addEventListener("submit",function(e){',
  "if(form.elements.credential.value)return;e.preventDefault();",
  'if(!window.PublicKeyCredential||!navigator.credentials){say.textContent="This browser cannot create passkeys.";',
  "return}",
  'var o=JSON.parse(form.getAttribute("data-options"));say.textContent="";',
  "var pk=Object.assign({},o,{challenge:buf(o.challenge),user:Object.assign({},o.user,{id:buf(o.user.id)}),",
  "excludeCredentials:(o.excludeCredentials||[]).map(function(c){return{type:c.type,id:buf(c.id),",
  "transports:c.transports}})});",
  "navigator.credentials.create({publicKey:pk}).then(function(c){var r=c.response;",
  "form.elements.credential.value=JSON.stringify({id:c.id,rawId:b64(c.rawId),type:c.type,",
  "authenticatorAttachment:c.authenticatorAttachment||undefined,clientExtensionResults:c.getClientExtensionResults(),",
  "response:{clientDataJSON:b64(r.clientDataJSON),attestationObject:b64(r.attestationObject),",
  "transports:r.getTransports?r.getTransports():[]}});form.submit()},",
  'function(){say.textContent="No passkey was created. Try again, or choose Not now."})})})();',
].join("");

/** Whether to offer a passkey to `user`, just signed in with the password on the hosted pages. */
async function prompts(deps: HostedDeps, req: Request, r: AuthorizationRequest, user: UserRow): Promise<boolean> {
  if (!offersPasskey(r) || readCookie(req, laterCookie(r.pool.id)) === "1") return false;
  const rp = await deps.webAuthn.relyingParty(r.pool).catch(() => undefined);
  if (!rp) return false;
  return (await deps.webAuthn.usable(r.pool, user, rp.id)).length === 0;
}

/**
 * The end of a hosted password sign-in: the prompt when it applies (the hosted session starts now, the code
 * waits for POST /passkey), else the redirect to the app with its code.
 */
export async function finishPasswordSignIn(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  user: UserRow,
): Promise<void> {
  if (!(await prompts(deps, req, r, user))) {
    redirect(res, 303, await signInAndComplete(deps, res, r, user, COGNITO_PROVIDER));
    return;
  }
  const session = await deps.hostedSessions.create(r.pool, user, COGNITO_PROVIDER, deps.authorizations.nowSeconds());
  setCookie(res, deps.hostedSessions.cookieName(r.pool.id), session.value, session.maxAgeMs);
  await promptPage(deps, req, res, r, user, {});
}

async function promptPage(
  deps: HostedDeps,
  req: Request,
  res: Response,
  r: AuthorizationRequest,
  user: UserRow,
  o: { status?: number; error?: string },
): Promise<void> {
  const options = await deps.webAuthn.startRegistration(r.pool, user, r.client.id);
  const action = pageUrl(deps, "/passkey", r);
  page(deps, req, res, r, {
    status: o.status ?? 200,
    ...(o.error ? { error: o.error } : {}),
    title: "Sign in faster with a passkey",
    body: joinHtml([
      html`<p>Next time, sign in with your fingerprint, face or device PIN instead of your password.</p>`,
      html`<form id="passkey-create" method="post" action="${action}" data-options="${JSON.stringify(options)}">`,
      csrfField(deps, req, res),
      html`<input type="hidden" name="credential" value="">`,
      html`<button type="submit">Add a passkey</button></form>`,
      html`<p id="passkey-status" class="error" role="alert"></p>`,
      html`<form method="post" action="${action}">${csrfField(deps, req, res)}`,
      html`<button type="submit" class="secondary" name="later" value="1">Not now</button></form>`,
    ]),
    scripts: [PASSKEY_PROMPT_SCRIPT],
  });
}

/** POST /passkey: the new passkey (CompleteWebAuthnRegistration) or "Not now", then the app's code. */
export function passkeyPromptSubmit(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "passkey";
    const r = await requestForPage(deps, req, res);
    if (!r) return;
    try {
      const signedIn = await deps.hostedSessions.resolve(
        r.pool,
        readCookie(req, deps.hostedSessions.cookieName(r.pool.id)),
      );
      // No hosted session (expired, or signed out meanwhile): sign in again.
      if (!signedIn) return redirect(res, 303, pageUrl(deps, "/login", r));
      const { session, user } = signedIn;
      const form = formParams(req);
      if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin))
        return await promptPage(deps, req, res, r, user, { status: 403, error: "This page expired. Try again." });
      if (form.later !== undefined) {
        setCookie(res, laterCookie(r.pool.id), "1", LATER_MS);
      } else {
        const credential = formValue(form, "credential", 16_384);
        let parsed: unknown;
        try {
          parsed = JSON.parse(credential);
        } catch {
          return await promptPage(deps, req, res, r, user, { status: 400, error: "No passkey was sent. Try again." });
        }
        try {
          // Row UserResourceUpdate, as CompleteWebAuthnRegistration.
          await deps.requestRates.admitEndpoint(r.pool.id, "POST /passkey");
          await deps.webAuthn.completeRegistration(r.pool, user, r.client.id, parsed);
        } catch (e) {
          if (!(e instanceof CognitoError)) throw e;
          return await promptPage(deps, req, res, r, user, shownError(deps, res, e, r));
        }
      }
      redirect(res, 303, await completeAuthorization(deps, r, user, session.authTime, session.idHash));
    } catch (e) {
      handleAuthorizeError(deps, res, e);
    }
  };
}
