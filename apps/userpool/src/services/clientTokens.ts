/**
 * Machine-to-machine access tokens: the token endpoint's client_credentials grant and GetClientToken (API
 * reference: "GetClientToken provides the same functionality as the OAuth2 client-credentials grant") mint
 * them here, so both carry the same claims and run the same trigger. Callers check the scopes first, each in
 * its own protocol's errors.
 */
import { SignJWT } from "jose";
import { epochSeconds, type Clock } from "../clock.js";
import type { Random } from "../random.js";
import type { KeyService } from "./keys.js";
import { validitySeconds } from "./poolSettings.js";
import type { Client, Pool } from "./pools.js";
import type { Triggers } from "./triggers.js";
import type { PublicUrls } from "./urls.js";

export async function mintClientAccessToken(
  deps: { keys: KeyService; urls: PublicUrls; clock: Clock; random: Random; triggers: Triggers },
  i: { pool: Pool; client: Client; scopes: string[]; clientMetadata?: Record<string, string> },
): Promise<{ token: string; expiresIn: number }> {
  const s = i.client.settings;
  const now = epochSeconds(deps.clock.now());
  const ttl = validitySeconds(s.AccessTokenValidity, s.TokenValidityUnits.AccessToken);
  // Cognito's M2M access token: the client is the subject; no username, no origin_jti.
  const claims: Record<string, unknown> = {
    sub: i.client.id,
    token_use: "access",
    scope: i.scopes.join(" "),
    auth_time: now,
    iss: deps.urls.issuer(i.pool.id),
    exp: now + ttl,
    iat: now,
    version: 2,
    jti: deps.random.uuid(),
    client_id: i.client.id,
  };
  // A V3_0 PreTokenGeneration function may add claims and add or suppress scopes; every claim above is
  // protected, so the trigger's answer cannot change them (the scope claim is rebuilt from its scopes).
  const changed = await deps.triggers.preTokenGenerationClientCredentials({
    pool: i.pool,
    client: i.client,
    ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    accessClaims: { ...claims },
    scopes: i.scopes,
  });
  const { scope: _scope, ...fixed } = claims;
  const key = await deps.keys.signingKey(i.pool.id, "access");
  const token = await new SignJWT({ ...changed.accessClaims, ...fixed, scope: changed.scopes.join(" ") })
    .setProtectedHeader({ kid: key.kid, alg: "RS256" })
    .sign(key.privateKey);
  return { token, expiresIn: ttl };
}
