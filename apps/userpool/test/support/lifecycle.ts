/**
 * Helpers for the account-lifecycle suites: a server per storage engine, a second pool
 * with the stricter settings (AttributesRequireVerificationBeforeUpdate, RevokeSessionsOnPasswordChange),
 * confirmed users, password sign-in, and an admin client that signs with the server's (manual) clock.
 */
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../../src/clock.js";
import type { UserpoolFileConfig } from "../../src/config/fileSchema.js";
import type { StartUserpoolOptions } from "../../src/main.js";
import type { TestEngine } from "./engines.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  latestCode,
  startTestUserpoolOn,
  testConfig,
  uniqueEmail,
  type EngineUserpool,
  type TestUserpool,
} from "./userpool.js";

/** A pool with Cognito's stricter options on, and the Authhub session option. */
export const STRICT_POOL_ID = "us-east-1_StrictPl1";
export const STRICT_CLIENT_ID = "teststrictclient0000000001";
/** A pool with a plain (non-e-mail) username and e-mail as an alias, LEGACY existence errors. */
export const ALIAS_POOL_ID = "us-east-1_AliasPoo1";
export const ALIAS_CLIENT_ID = "testaliasclient00000000001";

export function lifecycleConfig(): UserpoolFileConfig {
  const base = testConfig();
  const main = base.UserPools[0]!;
  main.AccountRecoverySetting = { RecoveryMechanisms: [{ Priority: 1, Name: "verified_email" }] };
  const flows = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  ] as const;
  base.UserPools.push(
    {
      Id: STRICT_POOL_ID,
      PoolName: "strict-pool",
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
      RevokeSessionsOnPasswordChange: true,
      Policies: { PasswordPolicy: { MinimumLength: 10 } },
      Clients: [
        {
          ClientId: STRICT_CLIENT_ID,
          ClientName: "strict",
          ExplicitAuthFlows: [...flows],
          PreventUserExistenceErrors: "ENABLED",
        },
      ],
    },
    {
      Id: ALIAS_POOL_ID,
      PoolName: "alias-pool",
      AliasAttributes: ["email", "preferred_username"],
      AutoVerifiedAttributes: ["email"],
      Policies: { PasswordPolicy: { MinimumLength: 10 } },
      Clients: [
        {
          ClientId: ALIAS_CLIENT_ID,
          ClientName: "alias",
          ExplicitAuthFlows: [...flows],
          PreventUserExistenceErrors: "LEGACY",
        },
      ],
    },
  );
  return base;
}

export type { EngineUserpool } from "./userpool.js";

/** Starts the server with the lifecycle config on a fresh database of `engine`. */
export function startOn(engine: TestEngine, opts: StartUserpoolOptions = {}): Promise<EngineUserpool> {
  return startTestUserpoolOn(engine, { config: lifecycleConfig(), ...opts });
}

/** An admin SDK client that signs with the server's clock (SigV4 refuses skews over 5 minutes). */
export function adminAt(url: string, clock: Clock): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    systemClockOffset: clock.now().getTime() - Date.now(),
  });
}

/** SignUp + ConfirmSignUp with the mailed code. */
export async function confirmedUser(
  up: TestUserpool,
  o: { clientId?: string; email?: string; password?: string; username?: string } = {},
): Promise<{ email: string; sub: string; password: string; username: string }> {
  const email = o.email ?? uniqueEmail("life");
  const password = o.password ?? GOOD_PASSWORD;
  const clientId = o.clientId ?? CLIENT_ID;
  const username = o.username ?? email;
  const r = await up.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: password,
      ...(username !== email ? { UserAttributes: [{ Name: "email", Value: email }] } : {}),
    }),
  );
  await up.anon.send(
    new ConfirmSignUpCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: await latestCode(up.url, email),
    }),
  );
  return { email, sub: r.UserSub!, password, username };
}

/** USER_PASSWORD_AUTH; returns the tokens. */
export async function passwordSignIn(
  up: TestUserpool,
  username: string,
  password: string,
  clientId = CLIENT_ID,
): Promise<AuthenticationResultType> {
  const r = await up.anon.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  if (!r.AuthenticationResult) throw new Error(`expected tokens, got challenge ${r.ChallengeName}`);
  return r.AuthenticationResult;
}

/** Resolves to the rejection of `p` (fails the test when it succeeds). */
export async function rejection(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error("expected the call to fail, it succeeded");
}
