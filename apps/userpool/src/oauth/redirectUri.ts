/**
 * Redirect URI rules (RFC 9700 §2.1 and §4.1.3; RFC 8252 §7.3): exact string comparison with a
 * registered CallbackURL — no normalisation, no prefix or wildcard matching, so case, trailing
 * slashes, ports, encodings and userinfo tricks all fail — plus https everywhere except loopback.
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether a registered URI is safe to redirect to at all (checked again at use, not trusted from config). */
export function isSafeRedirectTarget(uri: string): boolean {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  // A fragment would be overwritten by the implicit response and may not be registered (RFC 6749 §3.1.2).
  if (u.hash || uri.includes("#")) return false;
  if (u.username || u.password) return false;
  if (u.protocol === "https:") return true;
  // Plain http only for the loopback interface (native and development apps).
  if (u.protocol === "http:") return LOOPBACK_HOSTS.has(u.hostname);
  // Private-use schemes (com.example.app:/cb) for native apps; never script-capable ones.
  return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(u.protocol);
}

/** The registered URI the request names, byte for byte, or undefined. */
export function matchRedirectUri(registered: readonly string[] | undefined, requested: string): string | undefined {
  return registered?.find((r) => r === requested && isSafeRedirectTarget(r));
}
