/**
 * Federated users carry an `identities` attribute (a JSON string from GetUser) and claim
 * (an array in the ID token), each entry naming the provider, e.g. `{ "providerName": "Google", … }`.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-flow.html
 */

export interface LinkedIdentity {
  providerName: string;
  providerType: string | undefined;
  userId: string | undefined;
}

/** Parses either shape; anything malformed counts as "no federated identity" rather than crashing the panel. */
export function parseIdentities(raw: unknown): LinkedIdentity[] {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(value)) return [];
  const identities: LinkedIdentity[] = [];
  for (const entry of value) {
    if (!entry || typeof entry !== "object") continue;
    const { providerName, providerType, userId } = entry as Record<string, unknown>;
    if (typeof providerName !== "string" || providerName === "") continue;
    identities.push({
      providerName,
      providerType: typeof providerType === "string" ? providerType : undefined,
      userId: typeof userId === "string" ? userId : undefined,
    });
  }
  return identities;
}
