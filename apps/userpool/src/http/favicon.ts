/**
 * The pages' icon: the web app's blue square (apps/web/index.html), so a browser tab looks the same on the app, the
 * hosted UI and the development pages. Pages name it inline (a data: URI, no request). /favicon.ico serves it as
 * well, for what a browser shows without a page of ours (a JSON answer, a redirect): no 404 in any console.
 */
import type { Request, Response } from "express";
import { html } from "../html.js";

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
  '<rect width="16" height="16" rx="3" fill="#2f5bd3"/></svg>';

/** The `<link rel="icon">` every page carries; CSPs allow `img-src data:` for it. */
export const FAVICON_LINK = html`<link rel="icon" href="${`data:image/svg+xml,${encodeURIComponent(SVG)}`}">`;

export function favicon(_req: Request, res: Response): void {
  res
    .status(200)
    .set({
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    })
    .send(SVG);
}
