/**
 * Demo accounts, created through the userpool's admin API (AWS SDK v3, SigV4 with the dev
 * credentials), exactly as an operator would with real Cognito. Idempotent: an existing account is
 * left alone, so a second start does not reset a password the developer changed.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";

/** The documented development password of the demo accounts (README.md). Never used outside the local stack. */
export const DEMO_PASSWORD = "Authhub-Demo-1!";
export const DEMO_EMAILS = ["demo@example.com", "demo2@example.com"] as const;

export interface AdminTarget {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function adminClient(t: AdminTarget): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: t.endpoint,
    region: t.region,
    credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
  });
}

/**
 * Creates a confirmed user with a permanent password and a verified email, unless it exists. Returns true when
 * created.
 */
export async function ensureConfirmedUser(
  client: CognitoIdentityProviderClient,
  poolId: string,
  email: string,
  password: string,
): Promise<boolean> {
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        // SUPPRESS: no welcome e-mail with a temporary password; the password is set right below.
        MessageAction: "SUPPRESS",
        // Given, so the user is FORCE_CHANGE_PASSWORD until the line below even in a pool with e-mail codes
        // (where an omitted one makes a passwordless CONFIRMED user), and an interrupted start is recognised.
        TemporaryPassword: password,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof UsernameExistsException)) throw e;
    // Left half-made by an interrupted first start (created, password not yet set): finish it.
    const existing = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
    if (existing.UserStatus !== "FORCE_CHANGE_PASSWORD") return false;
  }
  // Permanent: the account is CONFIRMED and signs in without the NEW_PASSWORD_REQUIRED challenge.
  await client.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: password, Permanent: true }),
  );
  return true;
}

export async function ensureDemoAccounts(
  client: CognitoIdentityProviderClient,
  poolId: string,
): Promise<{ email: string; created: boolean }[]> {
  const out: { email: string; created: boolean }[] = [];
  for (const email of DEMO_EMAILS)
    out.push({ email, created: await ensureConfirmedUser(client, poolId, email, DEMO_PASSWORD) });
  return out;
}
