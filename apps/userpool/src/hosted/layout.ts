/**
 * The hosted pages' HTML shell: server-rendered, accessible (one h1, labelled fields, errors announced
 * with role=alert, visible focus), branded per pool. No JavaScript but the passkey pages' own (WebAuthn has
 * no form to post). The CSP allows exactly our stylesheets and scripts (by hash), images, and form posts to
 * ourselves and to the one redirect target the page may end up at (Chrome applies form-action to the
 * redirect after a POST).
 */
import { createHash } from "node:crypto";
import type { Response } from "express";
import { type Html, html, joinHtml, raw } from "../html.js";
import { FAVICON_LINK } from "../http/favicon.js";
import type { Branding } from "./branding.js";

const BASE_CSS = [
  // The web app's palette and font stack (apps/web/src/styles.css), so a user moving between them sees one product.
  ":root{color-scheme:light;--accent:#2f5bd3;--text:#1d2330;--muted:#5b6475;--error:#8a1f17;--control:#767d8c}",
  "*{box-sizing:border-box}",
  "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;",
  "color:var(--text);background:#f5f6f8;overflow-wrap:anywhere}",
  ".authhub-container{max-width:26rem;margin:3rem auto;background:#fff;",
  "border:1px solid #d8dce3;border-radius:8px;padding:1.5rem 2rem}",
  ".banner{text-align:center;margin-bottom:.5rem}.banner img{max-width:100%;max-height:4rem}",
  "h1{font-size:1.4rem;margin:.25rem 0 1rem}p{line-height:1.45}a{color:var(--accent)}",
  "label{display:block;font-weight:600;margin:.9rem 0 .3rem}",
  "input[type=text],input[type=email],input[type=password]{width:100%;padding:.6rem;font:inherit;",
  "border:1px solid var(--control);border-radius:4px;font-size:1rem}",
  "button,.button{display:block;width:100%;margin-top:1.2rem;padding:.7rem;border:0;border-radius:4px;font:inherit;",
  "background:var(--accent);color:#fff;font-size:1rem;font-weight:600;text-align:center;text-decoration:none;",
  "cursor:pointer}",
  ".button.idp,button.secondary{background:#fff;color:var(--text);border:1px solid var(--control);margin-top:.6rem}",
  "button:focus-visible,.button:focus-visible,input:focus-visible,a:focus-visible{",
  "outline:3px solid #f5b700;outline-offset:2px}",
  ".error{color:var(--error);background:#fdecea;border:1px solid #f2b8be;border-radius:4px;padding:.6rem}",
  ".info{color:#1e5c31;background:#e6f4ea;border:1px solid #a9d8b6;border-radius:4px;padding:.6rem}",
  ".links{margin-top:1.2rem;font-size:.95rem}",
  ".divider{text-align:center;color:var(--muted);margin:1.2rem 0 .2rem}",
  ".hint{color:var(--muted);font-size:.9rem;margin:.3rem 0 0}",
  ".terms{margin:1rem 0 .2rem}.check{display:flex;gap:.5rem;align-items:baseline}",
  ".check label{font-weight:400;margin:0}",
  ".error:empty{display:none}",
  ".qr svg{display:block;width:12rem;height:12rem;margin:1rem auto;background:#fff}",
  "code{font-size:1rem;word-break:break-all}",
].join("");

const hash = (css: string) => `'sha256-${createHash("sha256").update(css, "utf8").digest("base64")}'`;
const BASE_HASH = hash(BASE_CSS);

export interface PageOptions {
  status: number;
  title: string;
  body: Html;
  error?: string;
  info?: string;
  branding?: Branding;
  /** Origins (or private-use schemes) a form on this page may end up redirecting to. */
  formTargets?: string[];
  /** Inline scripts, constants of this server's (allowed by hash, as the stylesheets are). */
  scripts?: string[];
}

/** Security headers every hosted response carries (also redirects and JSON). */
export const HOSTED_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
};

export function sendHostedPage(res: Response, o: PageOptions): void {
  // CSS is admin-provided, but must still not close the style element.
  const custom = o.branding?.css?.replace(/</g, "\\3C ");
  const styleHashes = [BASE_HASH, ...(custom ? [hash(custom)] : [])].join(" ");
  const formAction = ["'self'", ...(o.formTargets ?? [])].join(" ");
  const scripts = o.scripts ?? [];
  const scriptSrc = scripts.length ? `script-src ${scripts.map(hash).join(" ")}; ` : "";
  const logo = o.branding?.logo ? html`<div class="banner"><img src="${o.branding.logo}" alt="logo"></div>` : "";
  res
    .status(o.status)
    .set({
      ...HOSTED_SECURITY_HEADERS,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        `default-src 'none'; ${scriptSrc}style-src ${styleHashes}; img-src 'self' data: https:; ` +
        `form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    })
    .send(
      joinHtml([
        html`<!doctype html><html lang="en"><head><meta charset="utf-8">`,
        html`<meta name="viewport" content="width=device-width, initial-scale=1">${FAVICON_LINK}`,
        // The stylesheets are not text: ours is a constant, the pool's cannot close the element (above).
        html`<title>${o.title}</title><style>${raw(BASE_CSS)}</style>`,
        custom ? html`<style>${raw(custom)}</style>` : "",
        html`</head><body><main class="authhub-container" aria-labelledby="page-title">${logo}`,
        html`<h1 id="page-title">${o.title}</h1>`,
        o.error ? html`<p class="error" role="alert">${o.error}</p>` : "",
        o.info ? html`<p class="info" role="status">${o.info}</p>` : "",
        html`${o.body}</main>`,
        joinHtml(scripts.map((js) => html`<script>${raw(js)}</script>`)),
        html`</body></html>`,
      ]).toString(),
    );
}

/** The form-action source for a redirect URI: its origin, or its scheme for private-use URIs. */
export function formTargetOf(redirectUri: string): string {
  const u = new URL(redirectUri);
  return u.protocol === "https:" || u.protocol === "http:" ? u.origin : u.protocol;
}
