/**
 * ProviderDetails of the social providers Facebook, SignInWithApple and LoginWithAmazon, as Cognito's API
 * reference (IdentityProviderType, ProviderDetails) shows them: the keys an administrator sets, and the
 * endpoint keys Cognito fills in and DescribeIdentityProvider returns. Apple's private_key is write-only: the
 * reference's Describe response for SignInWithApple has no private_key (Facebook's and Amazon's do return
 * client_secret, like Google's).
 *
 * The endpoint keys may be given to point a provider elsewhere (the development providers at /_dev/*); they
 * must be https. An endpoint left to its default follows what it derives from (Facebook's api_version,
 * Apple's oidc_issuer) when that changes.
 */
import { createPrivateKey } from "node:crypto";
import { InvalidParameterException } from "../errors/cognitoErrors.js";

export type SocialType = "Facebook" | "SignInWithApple" | "LoginWithAmazon";

export const isSocialType = (t: string): t is SocialType =>
  t === "Facebook" || t === "SignInWithApple" || t === "LoginWithAmazon";

/** The provider's user ID, which Cognito maps to username unless told otherwise. */
export const DEFAULT_USERNAME_CLAIM: Record<SocialType, string> = {
  Facebook: "id",
  SignInWithApple: "sub",
  LoginWithAmazon: "user_id",
};

/** Facebook's Graph API version when none is given (the reference's example). */
export const DEFAULT_FACEBOOK_API_VERSION = "v17.0";
export const APPLE_ISSUER = "https://appleid.apple.com";

const REQUIRED: Record<SocialType, string[]> = {
  Facebook: ["client_id", "client_secret", "authorize_scopes"],
  SignInWithApple: ["client_id", "team_id", "key_id", "private_key", "authorize_scopes"],
  LoginWithAmazon: ["client_id", "client_secret", "authorize_scopes"],
};
/** Keys an administrator may set besides the required ones. */
const OPTIONAL: Record<SocialType, string[]> = {
  Facebook: ["api_version", "authorize_url", "token_url", "attributes_url"],
  SignInWithApple: ["oidc_issuer", "authorize_url", "token_url"],
  LoginWithAmazon: ["authorize_url", "token_url", "attributes_url"],
};
/** Computed keys that are fixed (sent back unchanged, refused when different). */
const FIXED: Record<SocialType, Record<string, string>> = {
  Facebook: { attributes_url_add_attributes: "true", token_request_method: "GET" },
  SignInWithApple: { attributes_url_add_attributes: "false", token_request_method: "POST" },
  LoginWithAmazon: { attributes_url_add_attributes: "false", token_request_method: "POST" },
};
/** Scopes each provider knows; anything else would fail at the provider, so it fails here, named. */
const SCOPES: Partial<Record<SocialType, Set<string>>> = {
  SignInWithApple: new Set(["email", "name"]),
  LoginWithAmazon: new Set(["profile", "profile:user_id", "postal_code"]),
};
const URL_KEYS = ["oidc_issuer", "authorize_url", "token_url", "attributes_url"];

/** The endpoint defaults, from the details they derive from. */
function endpointDefaults(type: SocialType, d: Record<string, string>): Record<string, string> {
  if (type === "Facebook") {
    const v = d.api_version ?? DEFAULT_FACEBOOK_API_VERSION;
    return {
      api_version: v,
      authorize_url: `https://www.facebook.com/${v}/dialog/oauth`,
      token_url: `https://graph.facebook.com/${v}/oauth/access_token`,
      attributes_url: `https://graph.facebook.com/${v}/me?fields=`,
    };
  }
  if (type === "SignInWithApple") {
    const iss = d.oidc_issuer ?? APPLE_ISSUER;
    return { oidc_issuer: iss, authorize_url: `${iss}/auth/authorize`, token_url: `${iss}/auth/token` };
  }
  return {
    authorize_url: "https://www.amazon.com/ap/oa",
    token_url: "https://api.amazon.com/auth/o2/token",
    attributes_url: "https://api.amazon.com/user/profile",
  };
}

/** Apple publishes its ID-token keys at <issuer>/auth/keys. */
export const appleJwksUri = (d: Record<string, string>) => `${d.oidc_issuer ?? APPLE_ISSUER}/auth/keys`;

/** The scopes of authorize_scopes (Cognito's examples separate them with spaces or ", "). */
export const scopeList = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/**
 * Validated, complete details for Create (current = {}) or Update (input merges over current key by key).
 * Endpoints the current details had at their default are recomputed, so a new api_version moves them.
 */
export function socialDetails(
  type: SocialType,
  current: Record<string, string>,
  input: Record<string, string>,
): Record<string, string> {
  const allowed = new Set([...REQUIRED[type], ...OPTIONAL[type]]);
  for (const [k, v] of Object.entries(input)) {
    if (k in FIXED[type]) {
      if (v !== FIXED[type][k])
        throw new InvalidParameterException(`ProviderDetails.${k} is ${FIXED[type][k]} for ${type} and cannot change.`);
      continue;
    }
    if (!allowed.has(k)) throw new InvalidParameterException(`ProviderDetails key ${k} is not valid for ${type}.`);
  }
  const oldDefaults = endpointDefaults(type, current);
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(current))
    if (allowed.has(k) && !(k !== "api_version" && k !== "oidc_issuer" && oldDefaults[k] === v)) merged[k] = v;
  for (const [k, v] of Object.entries(input)) if (allowed.has(k)) merged[k] = v;
  for (const k of REQUIRED[type])
    if (!merged[k]) throw new InvalidParameterException(`ProviderDetails.${k} is required for ${type} providers.`);
  if (merged.api_version !== undefined && !/^v\d{1,2}\.\d{1,2}$/.test(merged.api_version))
    throw new InvalidParameterException("ProviderDetails.api_version must look like v17.0.");
  const scopes = scopeList(merged.authorize_scopes!);
  if (!scopes.length) throw new InvalidParameterException("ProviderDetails.authorize_scopes is empty.");
  const known = SCOPES[type];
  for (const s of scopes)
    if (known ? !known.has(s) : !/^[\w.:-]{1,64}$/.test(s))
      throw new InvalidParameterException(`ProviderDetails.authorize_scopes: ${s} is not a ${type} scope.`);
  if (type === "SignInWithApple") checkApplePrivateKey(merged.private_key!);
  const details = { ...endpointDefaults(type, merged), ...merged, ...FIXED[type] };
  requireHttpsUrls(details, URL_KEYS);
  return details;
}

/** Each of `keys` present in `details` must be an absolute https URL; the error names the key. */
export function requireHttpsUrls(details: Record<string, string | undefined>, keys: readonly string[]): void {
  for (const k of keys) {
    const v = details[k];
    if (v === undefined) continue;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new InvalidParameterException(`ProviderDetails.${k} must be an absolute URL.`);
    }
    if (u.protocol !== "https:") throw new InvalidParameterException(`ProviderDetails.${k} must be an https URL.`);
  }
}

/** What DescribeIdentityProvider shows: everything but Apple's private key. */
export function describedSocialDetails(type: SocialType, d: Record<string, string>): Record<string, string> {
  if (type !== "SignInWithApple") return { ...d };
  const { private_key: _hidden, ...rest } = d;
  return rest;
}

/** Apple's key for the client_secret JWT: a P-256 private key (the .p8 file Apple issues, PKCS #8 PEM). */
function checkApplePrivateKey(pem: string): void {
  let ok = false;
  try {
    const k = createPrivateKey({ key: pem, format: "pem" });
    ok = k.asymmetricKeyType === "ec" && k.asymmetricKeyDetails?.namedCurve === "prime256v1";
  } catch {
    ok = false;
  }
  if (!ok) throw new InvalidParameterException("ProviderDetails.private_key must be a P-256 private key in PEM.");
}
