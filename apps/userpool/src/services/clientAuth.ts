import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto/envelope.js";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { ExplicitAuthFlow } from "../protocol/poolShapes.js";
import type { Client, PoolService } from "./pools.js";

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client ID)), per the Cognito developer guide. */
export function computeSecretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");
}

/**
 * Enforces the client secret for clients that have one. `usernames` are the names the hash may
 * have been computed over (what the caller typed, and the stored username).
 */
export function checkSecretHash(
  pools: PoolService,
  client: Client,
  usernames: readonly string[],
  provided: string | undefined,
): void {
  const secret = pools.clientSecret(client);
  if (secret === undefined) return;
  if (!provided)
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  const ok = usernames.some((u) => safeEqual(computeSecretHash(secret, u, client.id), provided));
  if (!ok) throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
}

/** GetTokensFromRefreshToken sends the secret itself rather than a hash. */
export function checkClientSecret(pools: PoolService, client: Client, provided: string | undefined): void {
  const secret = pools.clientSecret(client);
  if (secret === undefined) return;
  if (!provided)
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  if (!safeEqual(secret, provided)) throw new NotAuthorizedException(`Unable to verify secret for client ${client.id}`);
}

const FLOW_PERMISSIONS: Record<string, readonly ExplicitAuthFlow[]> = {
  USER_SRP_AUTH: ["ALLOW_USER_SRP_AUTH"],
  USER_PASSWORD_AUTH: ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"],
  ADMIN_USER_PASSWORD_AUTH: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"],
  ADMIN_NO_SRP_AUTH: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"],
  REFRESH_TOKEN_AUTH: ["ALLOW_REFRESH_TOKEN_AUTH"],
  REFRESH_TOKEN: ["ALLOW_REFRESH_TOKEN_AUTH"],
  CUSTOM_AUTH: ["ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"],
  USER_AUTH: ["ALLOW_USER_AUTH"],
};

const LEGACY = new Set<ExplicitAuthFlow>(["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"]);

/**
 * The client's ExplicitAuthFlows decide which flows it may start;
 * Cognito answers InvalidParameterException otherwise.
 */
export function assertFlowAllowed(client: Client, flow: string): void {
  const flows = client.settings.ExplicitAuthFlows;
  // Clients configured with only the legacy values keep SRP and refresh, as Cognito did before ALLOW_ values existed.
  const legacyOnly = flows.length > 0 && flows.every((f) => LEGACY.has(f));
  if (legacyOnly && (flow === "USER_SRP_AUTH" || flow === "REFRESH_TOKEN_AUTH" || flow === "REFRESH_TOKEN")) return;
  const allowed = FLOW_PERMISSIONS[flow] ?? [];
  if (!allowed.some((f) => flows.includes(f)))
    throw new InvalidParameterException(`${flow} flow not enabled for this client`);
}
