/**
 * `GET /` on the JSON API's listener in development, the banner's "Userpool (JSON API)" address. Cognito's endpoint
 * has no page there and production answers 404, as does any client that does not ask for HTML; a person who opens
 * it in a browser learns how clients reach the API and finds the console and development views.
 */
import type { NextFunction, Request, Response } from "express";
import { html } from "../html.js";
import { sendPage } from "./html.js";

/** `console`: whether the console's pages are served (a build exists), asked per request. */
export function devApiHome(base: () => string, o: { console: () => boolean; sms: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.accepts(["json", "html"]) !== "html") {
      next();
      return;
    }
    const url = base();
    const link = (path: string, label: string, what: string) =>
      html`<li><a href="${url}${path}">${label}</a> <span class="meta">${path}</span>: ${what}</li>`;
    const views = [
      ...(o.console() ? [link("/_console/", "Admin console", "pools, clients, users, groups, tokens")] : []),
      link("/_dev/mailbox", "Development mailbox", "the e-mail the pools would have sent"),
      ...(o.sms ? [link("/_dev/sms", "Development SMS outbox", "the text messages")] : []),
    ];
    sendPage(
      res,
      200,
      "User pool API",
      html`<h1>User pool API</h1>
        <p class="meta">Development mode: this page exists only here; Cognito's endpoint has none.</p>
        <p>The Cognito user pool API: <code>POST /</code> with
        <code>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Operation&gt;</code>, as the AWS SDKs, the AWS
        CLI and Amplify send it. Give a client this address as its endpoint:</p>
        <pre>aws cognito-idp list-user-pools --max-results 10 --endpoint-url ${url}</pre>
        <pre>new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: "${url}" })</pre>
        <p>Administrative operations need a SigV4 signature with the admin credentials that the start banner prints
        (<code>USERPOOL_ADMIN_CREDENTIALS</code>). A pool's keys are at
        <code>${url}/&lt;pool id&gt;/.well-known/jwks.json</code>, its discovery document at
        <code>${url}/&lt;pool id&gt;/.well-known/openid-configuration</code>.</p>
        <ul>${views}</ul>`,
    );
  };
}
