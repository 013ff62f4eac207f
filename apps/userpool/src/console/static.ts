/**
 * The console's pages from `consoleDir` (USERPOOL_CONSOLE_DIR): `/_console/assets/*` as immutable files,
 * any other path below `/_console/` the file it names or else index.html (client-side routing). A path
 * that leaves the directory, by `..`, an encoded `..`, a backslash or a symbolic link, is a 404.
 */
import { realpathSync, statSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { NextFunction, Request, Response } from "express";
import { consoleIndexExists } from "../config/console.js";
import { ConsoleError, type ConsoleContext, notFound } from "./context.js";

/**
 * The console's Content-Security-Policy: scripts only from its own files (Vite emits no inline script), so an
 * injected tag runs nothing; no plugins, no <base> rewriting asset URLs, forms and fetches to itself only, never
 * framed. Inline styles and data:/https: images stay allowed: the branding preview is a srcdoc frame, which
 * inherits this policy, and shows the pool's sheet and logo (apps/console/src/pages/brandingPreview.ts).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Headers of every console page and API answer: the policy above, no framing (clickjacking; X-Frame-Options for
 * browsers without frame-ancestors), no sniffing, no referrer to other sites, no shared browsing context with a
 * page that opened the console (window.opener).
 */
export const PAGE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": CSP,
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** The real path of `segments` under `root`, when it is a file inside it. */
function fileInside(root: string, segments: readonly string[]): string | undefined {
  const candidate = resolve(root, ...segments);
  if (!candidate.startsWith(root + sep)) return undefined;
  try {
    const real = realpathSync(candidate);
    return real.startsWith(root + sep) && statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export function serveConsole(ctx: ConsoleContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      next(notFound());
      return;
    }
    const dir = ctx.config.dir;
    if (!consoleIndexExists(dir)) {
      // Running the userpool alone (npm start -w apps/userpool) gives no directory: say which setting serves the
      // pages. The message never shows the path, which is the server's business.
      next(
        new ConsoleError(
          404,
          "not_found",
          "The console's pages are not served here: USERPOOL_CONSOLE_DIR names no console build " +
            "(npm run build -w apps/console makes one in apps/console/dist). Its API is at /_console/api/.",
        ),
      );
      return;
    }
    // Mounted at /_console: "/_console" itself goes to "/_console/", where relative asset URLs resolve.
    if (req.originalUrl === "/_console" || req.originalUrl.startsWith("/_console?")) {
      res.redirect(301, "/_console/");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      next(notFound());
      return;
    }
    const segments = path.split("/").filter(Boolean);
    // Dot segments and dotfiles, backslashes (a separator on Windows) and NUL never name a console file.
    if (segments.some((s) => s.startsWith(".") || s.includes("\\") || s.includes("\0"))) {
      next(notFound());
      return;
    }
    const root = realpathSync(dir!);
    const file = segments.length ? fileInside(root, segments) : undefined;
    const asset = segments[0] === "assets";
    // A missing asset is a 404, not index.html: a stale page must not run HTML as a script.
    if (asset && !file) {
      next(notFound());
      return;
    }
    const send = file ?? resolve(root, "index.html");
    res.sendFile(
      send,
      {
        dotfiles: "deny",
        cacheControl: false,
        headers: {
          ...PAGE_HEADERS,
          // Vite names assets by content hash: they never change. Pages are revalidated each time.
          "Cache-Control": asset ? "public, max-age=31536000, immutable" : "no-cache",
        },
      },
      (err?: Error & { status?: number; headers?: Record<string, string> }) => {
        if (!err || res.headersSent) return;
        // A Range past the end: 416 with the file's length (RFC 9110, 15.5.17), not a 404 for a file that exists.
        if (err.status === 416) {
          res.set(err.headers ?? {});
          next(
            new ConsoleError(416, "range_not_satisfiable", "The Range header asks for bytes the file does not have."),
          );
        } else next(notFound());
      },
    );
  };
}
