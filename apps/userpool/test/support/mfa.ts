/** An MFA pool, its client and users for the MFA tests, and codes computed the way an authenticator app does. */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../../src/clock.js";
import { base32Decode, totpAt } from "../../src/crypto/totp.js";
import { GOOD_PASSWORD, uniqueEmail } from "./userpool.js";

/** The code an authenticator app shows for `secret` (AssociateSoftwareToken's SecretCode) at `clock`'s time. */
export function totpCode(secret: string, clock: Clock, offsetMs = 0): string {
  return totpAt(base32Decode(secret), clock.now().getTime() + offsetMs);
}

/** A pool with MFA `mode`, authenticator-app and e-mail MFA on, e-mail as username, and a public client. */
export async function createMfaPool(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  mode: "ON" | "OPTIONAL",
  o: { authSessionValidity?: number } = {},
): Promise<{ poolId: string; clientId: string }> {
  const pool = await admin.send(
    new CreateUserPoolCommand({
      PoolName: `mfa-${mode}`,
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      EmailConfiguration: {
        EmailSendingAccount: "DEVELOPER",
        SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
      },
    }),
  );
  const poolId = pool.UserPool!.Id!;
  await admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Sign-in code", Message: "Your sign-in code is {####}." },
    }),
  );
  const client = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "mfa",
      ExplicitAuthFlows: [
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
      ],
      ...(o.authSessionValidity ? { AuthSessionValidity: o.authSessionValidity } : {}),
    }),
  );
  return { poolId, clientId: client.UserPoolClient!.ClientId! };
}

/** A CONFIRMED user with a verified e-mail and GOOD_PASSWORD, made by the administrator. */
export async function mfaUser(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  poolId: string,
  prefix = "mfa",
): Promise<string> {
  const email = uniqueEmail(prefix);
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: email,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: GOOD_PASSWORD, Permanent: true }),
  );
  return email;
}
