/**
 * The page at a development provider's own address (/_dev/google, /_dev/saml, …), the address the start banner
 * prints. Its sign-in flows begin at the pool's /oauth2/authorize, never here, so this page only says what the
 * test double is, how an app reaches it, its test accounts and its endpoints (the documents a browser can open are
 * links).
 */
import type { Request, Response } from "express";
import { sendHostedPage } from "../hosted/layout.js";
import { html } from "../html.js";
import type { PublicUrls } from "../services/urls.js";

export interface DevProviderHome {
  /** "Development Google". */
  title: string;
  /** The line every page of this provider shows ("…: test accounts only."). */
  info: string;
  /** The pool's provider name, as identity_provider= takes it: Google, SignInWithApple, DevSAML. */
  providerName: string;
  /** What the app's button says after "Sign in with". */
  button: string;
  accounts: readonly { name: string; email: string }[];
  /** Paths under the provider's address; `open`: a document a browser may GET as is. */
  endpoints: readonly { label: string; path: string; open?: boolean }[];
}

/** GET handler of the provider's root, mounted at `mount` on the hosted listener. */
export function devProviderHome(urls: Pick<PublicUrls, "hosted">, mount: string, home: DevProviderHome) {
  return (_req: Request, res: Response): void => {
    const base = `${urls.hosted()}${mount}`;
    const accounts = home.accounts.map((a) => html`<li>${a.name} <span class="hint">${a.email}</span></li>`);
    const endpoints = home.endpoints.map((e) => {
      const url = `${base}${e.path}`;
      const shown = html`<code>${url}</code>`;
      return html`<li>${e.label}: ${e.open ? html`<a href="${url}">${shown}</a>` : shown}</li>`;
    });
    sendHostedPage(res, {
      status: 200,
      title: home.title,
      info: home.info,
      body: html`<p>An offline test double. An app reaches it through the user pool: its
        <strong>Sign in with ${home.button}</strong> button (the web app's, under <code>npm start</code>), or the
        hosted UI's <code>/oauth2/authorize</code> with <code>identity_provider=${home.providerName}</code>. It then
        offers these accounts:</p><ul>${accounts}</ul><p>Endpoints:</p><ul>${endpoints}</ul>`,
    });
  };
}

/**
 * GET handler of the hosted listener's root in development (the banner's "Hosted UI / OAuth" address). Cognito has
 * no page there and production keeps answering 404; in development a person who opens it learns where the
 * flows start and finds the development providers.
 */
export function devHostedHome(urls: Pick<PublicUrls, "hosted">, providers: readonly { label: string; path: string }[]) {
  return (_req: Request, res: Response): void => {
    const base = urls.hosted();
    const endpoint = (path: string, what: string) => html`<li><code>${base}${path}</code>: ${what}</li>`;
    const devLinks = providers.map(
      (p) => html`<li><a href="${base}${p.path}">${p.label}</a> <span class="hint">${p.path}</span></li>`,
    );
    sendHostedPage(res, {
      status: 200,
      title: "Hosted UI and OAuth 2.0",
      info: "Development mode: this page exists only here; Cognito's domain has none.",
      body: html`<p>The user pool's sign-in pages and OAuth 2.0 endpoints. An app opens them with
        <code>/oauth2/authorize</code> (Amplify's <code>signInWithRedirect</code>, the web app's "Sign in with …"
        buttons); the pages have no entry of their own.</p><ul>${[
          endpoint("/oauth2/authorize", "starts a sign-in (client_id, redirect_uri, PKCE)"),
          endpoint("/oauth2/token", "exchanges a code or a refresh token for tokens"),
          endpoint("/oauth2/userInfo", "the signed-in user's claims"),
          endpoint("/logout", "signs out and returns to the app"),
        ]}</ul>${devLinks.length ? html`<p>Development providers:</p><ul>${devLinks}</ul>` : ""}`,
    });
  };
}
