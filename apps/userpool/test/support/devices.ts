/** Remembered devices for the tests: ConfirmDevice with a verifier from amazon-cognito-identity-js's own code. */
import { createHmac } from "node:crypto";
import {
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  type ConfirmDeviceResponse,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  RespondToAuthChallengeCommand,
  type RespondToAuthChallengeCommandOutput,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { StartUserpoolOptions } from "../../src/main.js";
import type { TestEngine } from "./engines.js";
import { cognitoJsHelper, cognitoJsKey, cognitoJsNowString, cognitoJsSrpA } from "./srpClientCognitoJs.js";
import { type EngineUserpool, startTestUserpoolOn } from "./userpool.js";

/**
 * A pool that remembers devices (by default on the user's prompt, with a challenge on a new device),
 * MFA OPTIONAL with the authenticator app when `totp`, and a public client with the SRP and password flows.
 */
export async function createDevicePool(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  o: {
    name: string;
    challengeRequiredOnNewDevice?: boolean;
    onUserPrompt?: boolean;
    totp?: boolean;
    emailAsUsername?: boolean;
  },
): Promise<{ poolId: string; clientId: string }> {
  const created = await admin.send(
    new CreateUserPoolCommand({
      PoolName: o.name,
      ...(o.emailAsUsername ? { UsernameAttributes: ["email"] } : {}),
      DeviceConfiguration: {
        ChallengeRequiredOnNewDevice: o.challengeRequiredOnNewDevice ?? true,
        DeviceOnlyRememberedOnUserPrompt: o.onUserPrompt ?? true,
      },
    }),
  );
  const poolId = created.UserPool!.Id!;
  if (o.totp)
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  const client = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: [
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
      ],
    }),
  );
  return { poolId, clientId: client.UserPoolClient!.ClientId! };
}

export interface LoggingUserpool {
  up: EngineUserpool;
  /** Every log line the server wrote (info level), parsed. */
  logLines: Record<string, unknown>[];
  /** The operations the server handled since `mark` (an index into logLines), in order. */
  opsSince(mark: number): unknown[];
}

/** startTestUserpoolOn, keeping the server's log lines to see which operations a client called. */
export async function startLoggingUserpoolOn(
  engine: TestEngine,
  opts: StartUserpoolOptions = {},
): Promise<LoggingUserpool> {
  const logLines: Record<string, unknown>[] = [];
  const up = await startTestUserpoolOn(engine, {
    ...opts,
    logLevel: "info",
    logDestination: { write: (s: string) => void logLines.push(JSON.parse(s)) },
  });
  return {
    up,
    logLines,
    opsSince: (mark) =>
      logLines
        .slice(mark)
        .map((l) => l.op)
        .filter(Boolean),
  };
}

export interface ConfirmedDevice {
  deviceKey: string;
  groupKey: string;
  /** The device's random password: the client keeps it, the server must never see it. */
  password: string;
  /** What ConfirmDevice sent (base64, as the wire carries them). */
  salt: string;
  verifier: string;
  confirmed: ConfirmDeviceResponse;
}

/**
 * Confirms the new device of a sign-in's `result` (its NewDeviceMetadata) as identity-js does: the
 * salt, verifier and random password come from its AuthenticationHelper.generateHashDevice, not ours.
 */
export async function confirmNewDevice(
  client: Pick<CognitoIdentityProviderClient, "send">,
  result: AuthenticationResultType,
  deviceName = "test-device",
): Promise<ConfirmedDevice> {
  const meta = result.NewDeviceMetadata;
  if (!meta?.DeviceKey || !meta.DeviceGroupKey) throw new Error("the sign-in answered no NewDeviceMetadata");
  const helper = cognitoJsHelper(meta.DeviceGroupKey) as unknown as {
    generateHashDevice(g: string, k: string, cb: (e: unknown) => void): void;
    getSaltDevices(): string;
    getVerifierDevices(): string;
    getRandomPassword(): string;
  };
  await new Promise<void>((resolve, reject) =>
    helper.generateHashDevice(meta.DeviceGroupKey!, meta.DeviceKey!, (e) => (e ? reject(e) : resolve())),
  );
  const salt = Buffer.from(helper.getSaltDevices(), "hex").toString("base64");
  const verifier = Buffer.from(helper.getVerifierDevices(), "hex").toString("base64");
  const confirmed = await client.send(
    new ConfirmDeviceCommand({
      AccessToken: result.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceName: deviceName,
      DeviceSecretVerifierConfig: { Salt: salt, PasswordVerifier: verifier },
    }),
  );
  return {
    deviceKey: meta.DeviceKey,
    groupKey: meta.DeviceGroupKey,
    password: helper.getRandomPassword(),
    salt,
    verifier,
    confirmed,
  };
}

/**
 * Answers a DEVICE_SRP_AUTH challenge (its `session`) as identity-js's getDeviceResponse does: A and the
 * HKDF key from the library's AuthenticationHelper, then the HMAC over group key, device key, SECRET_BLOCK
 * and TIMESTAMP for DEVICE_PASSWORD_VERIFIER. Returns that last answer (the tokens).
 */
export async function proveDevice(
  client: Pick<CognitoIdentityProviderClient, "send">,
  i: { clientId: string; username: string; session: string | undefined; device: ConfirmedDevice },
): Promise<RespondToAuthChallengeCommandOutput> {
  const { deviceKey, groupKey, password } = i.device;
  const helper = cognitoJsHelper(groupKey);
  const verifier = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: i.clientId,
      ChallengeName: "DEVICE_SRP_AUTH",
      Session: i.session,
      ChallengeResponses: { USERNAME: i.username, DEVICE_KEY: deviceKey, SRP_A: cognitoJsSrpA(helper) },
    }),
  );
  if (verifier.ChallengeName !== "DEVICE_PASSWORD_VERIFIER")
    throw new Error(`expected DEVICE_PASSWORD_VERIFIER, got ${verifier.ChallengeName}`);
  const p = verifier.ChallengeParameters!;
  const key = cognitoJsKey(helper, { userId: deviceKey, password, saltHex: p.SALT!, srpBHex: p.SRP_B! });
  const timestamp = cognitoJsNowString();
  const signature = createHmac("sha256", key)
    .update(groupKey)
    .update(deviceKey)
    .update(Buffer.from(p.SECRET_BLOCK!, "base64"))
    .update(timestamp)
    .digest("base64");
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: i.clientId,
      ChallengeName: "DEVICE_PASSWORD_VERIFIER",
      Session: verifier.Session,
      ChallengeResponses: {
        USERNAME: i.username,
        DEVICE_KEY: deviceKey,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
    }),
  );
}
