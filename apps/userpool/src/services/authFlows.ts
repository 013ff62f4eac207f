/** Which flows (AuthFlow) an app client may start: its ExplicitAuthFlows, as Cognito reads them. */
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import type { ExplicitAuthFlow } from "../protocol/poolShapes.js";
import type { Client } from "./pools.js";

const FLOW_PERMISSIONS: Record<string, readonly ExplicitAuthFlow[]> = {
  USER_SRP_AUTH: ["ALLOW_USER_SRP_AUTH"],
  USER_PASSWORD_AUTH: ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"],
  ADMIN_USER_PASSWORD_AUTH: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"],
  ADMIN_NO_SRP_AUTH: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"],
  REFRESH_TOKEN_AUTH: ["ALLOW_REFRESH_TOKEN_AUTH"],
  REFRESH_TOKEN: ["ALLOW_REFRESH_TOKEN_AUTH"],
  CUSTOM_AUTH: ["ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"],
  USER_AUTH: ["ALLOW_USER_AUTH"],
  // GetDerivedToken without and with an ActorToken.
  TOKEN_EXCHANGE_IMPERSONATION: ["ALLOW_TOKEN_EXCHANGE_IMPERSONATION"],
  TOKEN_EXCHANGE_DELEGATION: ["ALLOW_TOKEN_EXCHANGE_DELEGATION"],
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
