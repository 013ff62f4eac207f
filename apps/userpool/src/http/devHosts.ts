/**
 * Host check for the development-only routes (/_dev/mailbox, /_dev/messages, /_dev/google).
 * DNS rebinding points a name the attacker controls at 127.0.0.1 once a developer has opened the
 * attacker's page; the browser then treats this server as same-origin with that page and lets it
 * read the mailbox. The browser still sends the attacker's name in Host, so these routes answer
 * only to loopback names and the hosts of the configured public bases.
 */
import type { NextFunction, Request, Response } from "express";
import { isLoopbackHost } from "../config/safety.js";

// A Host header is a host name or bracketed IPv6 address, optionally with a port; nothing else.
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/** The host names (from the configured issuer and hosted bases) dev routes answer to besides loopback. */
export function devHostnames(bases: readonly (string | undefined)[]): string[] {
  return bases.flatMap((b) => (b ? [new URL(b).hostname.toLowerCase()] : []));
}

/** True when the Host header names this machine's loopback or one of `configured`. */
export function isDevHost(hostHeader: string | undefined, configured: readonly string[]): boolean {
  const m = hostHeader ? HOST_HEADER.exec(hostHeader) : null;
  if (!m) return false;
  const name = m[1]!.toLowerCase();
  return isLoopbackHost(name) || configured.includes(name);
}

/** Express middleware: another Host gets `notFound`, the same answer as a path that does not exist. */
export function devHostOnly(configured: readonly string[], notFound: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isDevHost(req.headers.host, configured)) next();
    else notFound(req, res);
  };
}
