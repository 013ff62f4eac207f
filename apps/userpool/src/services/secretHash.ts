/**
 * The client secret on the JSON API: SECRET_HASH for the calls that carry a username, the secret
 * itself for GetTokensFromRefreshToken. (The OAuth endpoints authenticate clients in oauth/clientAuth.ts.)
 */
import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto/envelope.js";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Client, PoolService } from "./pools.js";

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client ID)), per the Cognito developer guide. */
export function computeSecretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");
}

/**
 * Enforces the client secret for clients that have one (any of their live secrets). `usernames` are the names
 * the hash may have been computed over (what the caller typed, and the stored username).
 */
export function checkSecretHash(
  pools: PoolService,
  client: Client,
  usernames: readonly string[],
  provided: string | undefined,
): void {
  const secrets = pools.clientSecrets(client);
  if (secrets.length === 0) return;
  if (!provided)
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  // Any live secret: during a rotation callers hold either one.
  const ok = secrets.some((secret) =>
    usernames.some((u) => safeEqual(computeSecretHash(secret, u, client.id), provided)),
  );
  if (!ok) throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
}

/** GetTokensFromRefreshToken sends the secret itself rather than a hash. */
export function checkClientSecret(pools: PoolService, client: Client, provided: string | undefined): void {
  const secrets = pools.clientSecrets(client);
  if (secrets.length === 0) return;
  if (!provided)
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  if (!secrets.some((secret) => safeEqual(secret, provided)))
    throw new NotAuthorizedException(`Unable to verify secret for client ${client.id}`);
}
