/**
 * `POST /_console/api/tokens/inspect { token }`: a JWT decoded, its signature checked against the JWKS
 * of the pool its `iss` names on this server, and its expiry. A read: not audited, the token not kept.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { ConsoleError, type ConsoleContext, objectBody, route, sendJson, stringMember } from "./context.js";

/** The latest second a JavaScript Date holds (ECMA-262, Time Values and Time Range: 8.64e15 ms). */
const MAX_SECONDS = 8.64e12;

interface Signature {
  valid: boolean;
  reason?: string;
  kid?: string;
  userPoolId?: string;
}

export function inspectToken(ctx: ConsoleContext) {
  return route(async (req, res) => {
    const token = stringMember(objectBody(req), "token", 16_384).trim();
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token) as Record<string, unknown>;
      claims = decodeJwt(token) as Record<string, unknown>;
    } catch {
      throw new ConsoleError(400, "invalid_token", "This is not a JSON Web Token (header.payload.signature).");
    }
    const now = ctx.services.clock.now();
    // An exp no Date can hold (1e20) has no expiry to show; jose refuses it as a claim, so the token is not valid.
    const exp = typeof claims.exp === "number" && Math.abs(claims.exp) <= MAX_SECONDS ? claims.exp : undefined;
    sendJson(res, 200, {
      header,
      claims,
      signature: await checkSignature(ctx, token, header, claims, now),
      ...(exp !== undefined ? { expiresAt: new Date(exp * 1000).toISOString() } : {}),
      expired: exp !== undefined && exp * 1000 <= now.getTime(),
    });
  });
}

async function checkSignature(
  ctx: ConsoleContext,
  token: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  now: Date,
): Promise<Signature> {
  const kid = typeof header.kid === "string" ? { kid: header.kid } : {};
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  const poolId = iss.slice(iss.lastIndexOf("/") + 1);
  // The issuer must be exactly this server's issuer of that pool: a token of another issuer is not ours to judge.
  const pool =
    poolId && ctx.services.urls.issuer(poolId) === iss ? await ctx.services.pools.findPool(poolId) : undefined;
  if (!pool) return { valid: false, reason: "the iss claim names no pool of this server", ...kid };
  const where = { userPoolId: pool.id, ...kid };
  try {
    // RS256 only: alg none or an HMAC keyed with the public key (key confusion) never verifies.
    await jwtVerify(token, createLocalJWKSet(await ctx.services.keys.jwks(pool.id)), {
      algorithms: ["RS256"],
      currentDate: now,
    });
    return { valid: true, ...where };
  } catch (e) {
    // jose checks the signature before the claims: an expired or not-yet-valid token was signed by the pool.
    if (e instanceof errors.JWTExpired || e instanceof errors.JWTClaimValidationFailed)
      return { valid: true, ...where };
    if (e instanceof errors.JWKSNoMatchingKey)
      return { valid: false, reason: "no key of the pool has this kid", ...where };
    if (e instanceof errors.JOSEAlgNotAllowed) return { valid: false, reason: "the algorithm is not RS256", ...where };
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return { valid: false, reason: "the signature does not match the pool's key", ...where };
    return { valid: false, reason: "the token could not be verified", ...where };
  }
}
