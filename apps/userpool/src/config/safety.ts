/**
 * The rules behind production mode's refusals and development mode's confinement: which admin
 * secrets are too weak, which listen addresses are loopback, and which settings of the
 * declarative config can only be the committed development ones. See docs/security/production.md.
 */
import type { ParsedFileConfig } from "./fileSchema.js";

/** The ClientSecret of the committed development Google client (apps/userpool/userpool.config.json). */
export const DEV_GOOGLE_SECRET = "dev-google-secret-not-for-production";

export const MIN_ADMIN_SECRET_LENGTH = 32;
/**
 * A secret of 32 random characters has fewer distinct characters than this with probability
 * 4e-8 when drawn from hex digits and below 1e-21 from base64; "passwordpassword…" has 7.
 */
export const MIN_ADMIN_SECRET_DISTINCT = 8;

/** Why an admin (SigV4) secret is unfit for production, or undefined. */
export function adminSecretWeakness(secret: string): string | undefined {
  const chars = [...secret];
  if (chars.length < MIN_ADMIN_SECRET_LENGTH) return `it has ${chars.length} characters`;
  const distinct = new Set(chars).size;
  if (distinct < MIN_ADMIN_SECRET_DISTINCT) return `it uses only ${distinct} distinct characters`;
  return undefined;
}

export const ADMIN_SECRET_RULE =
  `at least ${MIN_ADMIN_SECRET_LENGTH} random characters with at least ${MIN_ADMIN_SECRET_DISTINCT} distinct ones, ` +
  "e.g. from `openssl rand -base64 30`";

/** True for names and addresses that only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  // IPv4-mapped IPv6, as written (::ffff:127.0.0.1) or as URL parsing normalises it (::ffff:7f00:1).
  if (/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h)) return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return /^127(\.\d{1,3}){3}$/.test(v4);
}

/** One setting of the config file that belongs to the development set-up. */
export interface DevelopmentSetting {
  /** Field path in the config, e.g. UserPools[0].Clients[0].CallbackURLs[0]. */
  path: string;
  why: string;
}

/**
 * Finds the committed development set-up by content, wherever the file came from: loopback callback,
 * logout and identity-provider URLs, the DevGoogle section, an identity provider pointing at the
 * development Google, and the development Google's committed secret (in the file or in a variable
 * named by ClientSecretFromEnv).
 */
export function findDevelopmentSettings(cfg: ParsedFileConfig, env: NodeJS.ProcessEnv): DevelopmentSetting[] {
  const found = new Map<string, string>();
  const add = (path: string, why: string) => void (found.has(path) ? undefined : found.set(path, why));

  if (cfg.DevGoogle) add("DevGoogle", "the development Google provider");
  cfg.UserPools.forEach((pool, i) => {
    pool.Clients.forEach((client, j) => {
      const at = `UserPools[${i}].Clients[${j}]`;
      const urls: [string, string | undefined][] = [
        ...(client.CallbackURLs ?? []).map((u, k) => [`${at}.CallbackURLs[${k}]`, u] as [string, string]),
        ...(client.LogoutURLs ?? []).map((u, k) => [`${at}.LogoutURLs[${k}]`, u] as [string, string]),
        [`${at}.DefaultRedirectURI`, client.DefaultRedirectURI],
      ];
      for (const [path, u] of urls) if (u && isLoopbackUrl(u)) add(path, `${u} is a loopback address`);
      if (client.ClientSecretFromEnv && env[client.ClientSecretFromEnv] === DEV_GOOGLE_SECRET) {
        add(`${at}.ClientSecretFromEnv`, `${client.ClientSecretFromEnv} holds the development Google secret`);
      }
    });
    pool.IdentityProviders.forEach((idp, k) => {
      const at = `UserPools[${i}].IdentityProviders[${k}]`;
      for (const [key, value] of Object.entries(idp.ProviderDetails)) {
        const devProvider = devProviderOfUrl(value);
        if (devProvider) add(`${at}.ProviderDetails.${key}`, `${value} is the development ${devProvider}`);
        else if (isLoopbackUrl(value)) add(`${at}.ProviderDetails.${key}`, `${value} is a loopback address`);
      }
      if (idp.ClientSecretFromEnv && env[idp.ClientSecretFromEnv] === DEV_GOOGLE_SECRET) {
        add(`${at}.ClientSecretFromEnv`, `${idp.ClientSecretFromEnv} holds the development Google secret`);
      }
    });
  });
  for (const path of pathsOfString(cfg, DEV_GOOGLE_SECRET, "")) add(path, "the committed development Google secret");
  return [...found].map(([path, why]) => ({ path, why }));
}

function parseUrl(v: string): URL | undefined {
  try {
    return /^https?:\/\//i.test(v) ? new URL(v) : undefined;
  } catch {
    return undefined;
  }
}

function isLoopbackUrl(v: string): boolean {
  const u = parseUrl(v);
  return !!u && isLoopbackHost(u.hostname);
}

const DEV_PROVIDERS: Record<string, string> = {
  google: "Google",
  facebook: "Facebook",
  apple: "Sign in with Apple",
  amazon: "Login with Amazon",
  saml: "SAML IdP",
};

/**
 * The development providers are served at <hosted base>/_dev/google (src/dev/google), /_dev/facebook,
 * /_dev/apple, /_dev/amazon (src/dev/social) and /_dev/saml (src/dev/saml); which one a URL points at, if any.
 */
function devProviderOfUrl(v: string): string | undefined {
  const u = parseUrl(v);
  const m = u && /\/_dev\/(google|facebook|apple|amazon|saml)(\/|$)/.exec(u.pathname);
  return m ? DEV_PROVIDERS[m[1]!] : undefined;
}

function pathsOfString(value: unknown, needle: string, path: string): string[] {
  if (typeof value === "string") return value.includes(needle) ? [path || "(root)"] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => pathsOfString(v, needle, `${path}[${i}]`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => pathsOfString(v, needle, path ? `${path}.${k}` : k));
  return [];
}
