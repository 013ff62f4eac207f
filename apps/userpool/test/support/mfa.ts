/** An MFA pool, its client and users for the MFA tests, and codes computed the way an authenticator app does. */
import {
  AssociateSoftwareTokenCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type LambdaConfigType,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type Clock, ManualClock } from "../../src/clock.js";
import { base32Decode, totpAt } from "../../src/crypto/totp.js";
import type { Pool } from "../../src/services/pools.js";
import type { UserRow } from "../../src/store/index.js";
import type { TestEngine } from "./engines.js";
import { adminAt } from "./lifecycle.js";
import { type EngineUserpool, GOOD_PASSWORD, startTestUserpoolOn, uniqueEmail } from "./userpool.js";
import { TEST_SMS_CONFIGURATION } from "./fakes.js";

export { TEST_SMS_CONFIGURATION };

/** The code an authenticator app shows for `secret` (AssociateSoftwareToken's SecretCode) at `clock`'s time. */
export function totpCode(secret: string, clock: Clock, offsetMs = 0): string {
  return totpAt(base32Decode(secret), clock.now().getTime() + offsetMs);
}

/**
 * Gives the access token's user a verified authenticator app through the SDK (AssociateSoftwareToken,
 * VerifySoftwareToken with the code at `clock`'s time), turned on and preferred when `prefer`; returns its secret.
 */
export async function setUpTotp(
  client: Pick<CognitoIdentityProviderClient, "send">,
  accessToken: string,
  clock: Clock,
  o: { prefer?: boolean } = {},
): Promise<string> {
  const { SecretCode } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  await client.send(
    new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode!, clock) }),
  );
  if (o.prefer)
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  return SecretCode!;
}

/**
 * A pool with MFA `mode`, authenticator-app and e-mail MFA on (SMS MFA too with `sms`), e-mail as
 * username, and a public client with the password flows.
 */
export async function createMfaPool(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  mode: "ON" | "OPTIONAL",
  o: {
    authSessionValidity?: number;
    sms?: boolean;
    /** Every device remembered at once, without a challenge (DeviceConfiguration both false). */
    rememberDevices?: boolean;
    /** Triggers (e.g. a custom e-mail sender); in-process modules need the userpool's triggerModuleDirs. */
    lambdaConfig?: LambdaConfigType;
  } = {},
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
      ...(o.lambdaConfig ? { LambdaConfig: o.lambdaConfig } : {}),
      ...(o.rememberDevices
        ? { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } }
        : {}),
    }),
  );
  const poolId = pool.UserPool!.Id!;
  await admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Sign-in code", Message: "Your sign-in code is {####}." },
      ...(o.sms ? { SmsMfaConfiguration: { SmsConfiguration: TEST_SMS_CONFIGURATION } } : {}),
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

/** A CONFIRMED user with a verified e-mail, GOOD_PASSWORD and any `attributes` more, made by the administrator. */
export async function mfaUser(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  poolId: string,
  prefix = "mfa",
  attributes: { Name: string; Value: string }[] = [],
): Promise<string> {
  const email = uniqueEmail(prefix);
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: email,
      MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }, ...attributes],
    }),
  );
  await admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: GOOD_PASSWORD, Permanent: true }),
  );
  return email;
}

/** Real services on a fresh database of one engine, with MFA pools, for the MFA handler tests. */
export interface MfaServicesFixture {
  up: EngineUserpool;
  clock: ManualClock;
  admin: CognitoIdentityProviderClient;
  /** MFA OPTIONAL with the authenticator app, e-mail and SMS. */
  poolId: string;
  clientId: string;
  pool(id?: string): Promise<Pool>;
  /** A confirmed user of `poolId` (default: the fixture's pool) with a verified e-mail, and a phone number if asked. */
  user(o?: { phone?: boolean; poolId?: string }): Promise<UserRow>;
  /** Gives `user` a verified (not yet enabled) authenticator app, as Associate- and VerifySoftwareToken do. */
  withTotp(user: UserRow, poolId?: string): Promise<void>;
  /** An access token of `user` (ADMIN_USER_PASSWORD_AUTH, before any MFA is on for the user). */
  accessToken(user: UserRow, o?: { poolId?: string; clientId?: string }): Promise<string>;
}

/** Starts the server on `engine` and creates the MFA pool of MfaServicesFixture; `up.stop()` ends it. */
export async function mfaServicesOn(engine: TestEngine): Promise<MfaServicesFixture> {
  const clock = new ManualClock();
  const up = await startTestUserpoolOn(engine, { clock });
  const admin = adminAt(up.url, clock);
  const { poolId, clientId } = await createMfaPool(admin, "OPTIONAL", { sms: true });
  const pool = (id = poolId) => up.services.pools.getPool(id);
  return {
    up,
    clock,
    admin,
    poolId,
    clientId,
    pool,
    async user(o = {}) {
      const id = o.poolId ?? poolId;
      const email = await mfaUser(admin, id, "mfa", o.phone ? [{ Name: "phone_number", Value: "+15555550100" }] : []);
      return up.services.users.get(await pool(id), email);
    },
    async withTotp(user, id = poolId) {
      const p = await pool(id);
      const secret = await up.services.mfa.associate(p, user);
      await up.services.mfa.verify(p, user, totpCode(secret, clock), undefined, false);
    },
    async accessToken(user, o = {}) {
      const r = await admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: o.poolId ?? poolId,
          ClientId: o.clientId ?? clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: user.username, PASSWORD: GOOD_PASSWORD },
        }),
      );
      if (!r.AuthenticationResult?.AccessToken) throw new Error(`expected tokens, got challenge ${r.ChallengeName}`);
      return r.AuthenticationResult.AccessToken;
    },
  };
}
