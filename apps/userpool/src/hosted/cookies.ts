/** Cookie reading and writing for the hosted pages (no library: two headers, one grammar). */
import type { Request, Response } from "express";

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * Cookies are `__Host-` prefixed: Secure, Path=/, no Domain, so no other origin or path can set or
 * read them. SameSite=Lax lets them ride the top-level GET back from the app or the identity
 * provider, and stops them on cross-site POSTs (with the CSRF token as the second lock).
 */
export function setCookie(res: Response, name: string, value: string, maxAgeMs: number | undefined): void {
  const attrs = [`${name}=${value}`, "Path=/", "Secure", "HttpOnly", "SameSite=Lax"];
  if (maxAgeMs !== undefined) attrs.push(`Max-Age=${Math.floor(maxAgeMs / 1000)}`);
  res.append("Set-Cookie", attrs.join("; "));
}

export function clearCookie(res: Response, name: string): void {
  res.append("Set-Cookie", `${name}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`);
}
