/**
 * OAuth scopes as Cognito knows them: the OIDC ones, Cognito's own,
 * and resource-server scopes `<identifier>/<name>`.
 */
export const OPENID = "openid";
export const ADMIN_SCOPE = "aws.cognito.signin.user.admin";
export const OIDC_SCOPES = new Set(["openid", "email", "phone", "profile"]);
export const RESERVED_SCOPES = new Set([...OIDC_SCOPES, ADMIN_SCOPE]);

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Splits a scope parameter (RFC 6749 §3.3); undefined when a token has characters the grammar forbids. */
export function parseScopeParam(s: string): string[] | undefined {
  const parts = s.split(" ").filter(Boolean);
  if (!parts.every((p) => SCOPE_TOKEN.test(p))) return undefined;
  return [...new Set(parts)];
}

/** A resource-server scope: everything before the last slash names the server. */
export function splitCustomScope(scope: string): { identifier: string; name: string } | undefined {
  const i = scope.lastIndexOf("/");
  if (i <= 0 || i === scope.length - 1) return undefined;
  return { identifier: scope.slice(0, i), name: scope.slice(i + 1) };
}
