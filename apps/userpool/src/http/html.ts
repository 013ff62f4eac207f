import type { Response } from "express";
import { type Html, html, joinHtml, raw } from "../html.js";
import { FAVICON_LINK } from "./favicon.js";

const PAGE_CSS = raw(
  // The web app's font stack and colours (apps/web/src/styles.css).
  "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;max-width:52rem;" +
    "margin:2rem auto;padding:0 1rem;color:#1d2330;overflow-wrap:anywhere}a{color:#2f5bd3}" +
    "article{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}" +
    "pre{white-space:pre-wrap;word-break:break-word}" +
    ".meta{color:#5b6475;font-size:.9rem}",
);

/**
 * Sends a small self-contained HTML page. The CSP allows no scripts and no framing; no-referrer
 * keeps codes in our URLs (/confirmUser) from leaking to other sites.
 */
export function sendPage(res: Response, status: number, title: string, body: Html): void {
  res
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; " +
        "form-action 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    })
    .send(
      joinHtml([
        html`<!doctype html><html lang="en"><head><meta charset="utf-8">`,
        html`<meta name="viewport" content="width=device-width, initial-scale=1">`,
        html`<title>${title}</title>${FAVICON_LINK}`,
        // The content in a main landmark (axe "region": screen-reader users skip content outside landmarks).
        html`<style>${PAGE_CSS}</style></head><body><main>${body}</main></body></html>`,
      ]).toString(),
    );
}
