/**
 * PreTokenGeneration effects on the token claims (developer guide, "Pre token generation Lambda
 * trigger"):
 * - V1_0 `claimsOverrideDetails`: claims to add/override and to suppress, on the ID token only;
 * - V2_0/V3_0 `claimsAndScopeOverrideDetails`: the same per token, plus scopes to add/suppress on the
 *   access token;
 * - `groupOverrideDetails` (both versions) replaces `cognito:groups` in both tokens and the role
 *   claims in the ID token; null suppresses them.
 * A claim both added and suppressed is suppressed. Claims that identify the token, its issuer,
 * audience, user and lifetime are Cognito's alone: changes to them are ignored, so a trigger cannot
 * mint a token for another subject, audience or lifetime.
 */
import type { TokenClaims } from "../services/triggers.js";
import { MalformedResponse } from "./failures.js";
import type { PreTokenGenerationVersion } from "./lambdaConfig.js";
import { optionalObject, optionalString, optionalStringList, responseOf } from "./responses.js";

type Json = Record<string, unknown>;

// The developer guide's lists of claims a trigger cannot add, change or suppress, plus every
// `cognito:` claim (groups and roles change only through groupOverrideDetails).
const PROTECTED_ID = new Set([
  "acr",
  "amr",
  "at_hash",
  "auth_time",
  "aud",
  "azp",
  "c_hash",
  "cognito:username",
  "event_id",
  "exp",
  "iat",
  "identities",
  "iss",
  "jti",
  "nbf",
  "nonce",
  "origin_jti",
  "sub",
  "token_use",
]);
const PROTECTED_ACCESS = new Set([
  "acr",
  "amr",
  "auth_time",
  "azp",
  "client_id",
  "event_id",
  "exp",
  "iat",
  "iss",
  "jti",
  "nbf",
  "origin_jti",
  "scope",
  "sub",
  "token_use",
  "username",
  "version",
]);

export const isProtectedIdClaim = (name: string) => PROTECTED_ID.has(name) || name.startsWith("cognito:");
export const isProtectedAccessClaim = (name: string) => PROTECTED_ACCESS.has(name) || name.startsWith("cognito:");

export interface ClaimsOutcome extends TokenClaims {
  scopes: string[];
  /** Protected claims the function tried to change (for the log; never applied). */
  ignored: string[];
}

/** Applies a PreTokenGeneration answer to the claims Cognito would have issued. */
export function applyPreTokenGeneration(
  returned: unknown,
  version: PreTokenGenerationVersion,
  input: TokenClaims & { scopes: string[] },
): ClaimsOutcome {
  const r = responseOf(returned);
  const out: ClaimsOutcome = {
    idClaims: { ...input.idClaims },
    accessClaims: { ...input.accessClaims },
    scopes: [...input.scopes],
    ignored: [],
  };
  if (version === "V1_0") {
    const d = optionalObject(r, "claimsOverrideDetails", "response");
    if (!d) return out;
    const path = "response.claimsOverrideDetails";
    overrideClaims(out.idClaims, d, path, {
      allowStructured: false,
      isProtected: isProtectedIdClaim,
      ignored: out.ignored,
    });
    applyGroups(out, d, path);
    return out;
  }
  const d = optionalObject(r, "claimsAndScopeOverrideDetails", "response");
  if (!d) return out;
  const path = "response.claimsAndScopeOverrideDetails";
  const idGen = optionalObject(d, "idTokenGeneration", path);
  if (idGen)
    overrideClaims(out.idClaims, idGen, `${path}.idTokenGeneration`, {
      allowStructured: true,
      isProtected: isProtectedIdClaim,
      ignored: out.ignored,
    });
  const accessGen = optionalObject(d, "accessTokenGeneration", path);
  if (accessGen) {
    const apath = `${path}.accessTokenGeneration`;
    overrideClaims(out.accessClaims, accessGen, apath, {
      allowStructured: true,
      isProtected: isProtectedAccessClaim,
      ignored: out.ignored,
    });
    out.scopes = overrideScopes(out.scopes, accessGen, apath);
  }
  applyGroups(out, d, path);
  return out;
}

function overrideClaims(
  claims: Json,
  gen: Json,
  path: string,
  o: { allowStructured: boolean; isProtected: (n: string) => boolean; ignored: string[] },
): void {
  const add = optionalObject(gen, "claimsToAddOrOverride", path) ?? {};
  const suppress = optionalStringList(gen, "claimsToSuppress", path) ?? [];
  for (const [name, value] of Object.entries(add)) {
    checkClaimValue(value, `${path}.claimsToAddOrOverride.${name}`, o.allowStructured);
    if (o.isProtected(name)) o.ignored.push(name);
    else claims[name] = value;
  }
  for (const name of suppress) {
    if (o.isProtected(name)) o.ignored.push(name);
    else delete claims[name];
  }
}

/** V1 documents string values (numbers and booleans are taken too); V2 adds arrays and JSON objects. */
function checkClaimValue(value: unknown, path: string, allowStructured: boolean): void {
  if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))
    return;
  if (allowStructured && value !== null && typeof value === "object") return;
  throw new MalformedResponse(
    `Invalid lambda response: ${path} must be ` +
      `${allowStructured ? "a string, number, boolean, array or object" : "a string, number or boolean"}`,
  );
}

function overrideScopes(scopes: string[], gen: Json, path: string): string[] {
  const add = optionalStringList(gen, "scopesToAdd", path) ?? [];
  const suppress = new Set(optionalStringList(gen, "scopesToSuppress", path) ?? []);
  // The scope claim is space-separated, so a scope with a space would smuggle in others.
  for (const s of [...add, ...suppress])
    if (s === "" || /\s/.test(s))
      throw new MalformedResponse(`Invalid lambda response: ${path} scopes must be non-empty and without spaces`);
  return [...new Set([...scopes, ...add])].filter((s) => !suppress.has(s));
}

function applyGroups(out: ClaimsOutcome, d: Json, path: string): void {
  if (!("groupOverrideDetails" in d)) return;
  const g = optionalObject(d, "groupOverrideDetails", path);
  for (const c of ["cognito:groups", "cognito:roles", "cognito:preferred_role"]) delete out.idClaims[c];
  delete out.accessClaims["cognito:groups"];
  if (!g) return;
  const gpath = `${path}.groupOverrideDetails`;
  const groups = optionalStringList(g, "groupsToOverride", gpath);
  const roles = optionalStringList(g, "iamRolesToOverride", gpath);
  const preferred = optionalString(g, "preferredRole", gpath);
  if (groups?.length) {
    out.idClaims["cognito:groups"] = groups;
    out.accessClaims["cognito:groups"] = groups;
  }
  if (roles?.length) out.idClaims["cognito:roles"] = roles;
  if (preferred) out.idClaims["cognito:preferred_role"] = preferred;
}
