import type { Response } from "express";
import { type Html, html, joinHtml, raw } from "../html.js";

const PAGE_CSS = raw(
  "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}" +
    "article{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}" +
    "pre{white-space:pre-wrap;word-break:break-word}" +
    ".meta{color:#555;font-size:.9rem}",
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
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    })
    .send(
      joinHtml([
        html`<!doctype html><html lang="en"><head><meta charset="utf-8">`,
        html`<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>`,
        html`<style>${PAGE_CSS}</style></head><body>${body}</body></html>`,
      ]).toString(),
    );
}
