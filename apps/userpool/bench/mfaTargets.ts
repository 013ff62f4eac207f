// Users for the benchmark's second-factor sign-ins, made through the server's own operations before
// the warm-up: TOTP users in a pool with MFA OPTIONAL (authenticator app registered and preferred),
// and one user with a confirmed remembered device in a pool that remembers devices without MFA.
// Pools and users are created with the AWS SDK (SigV4, development credentials local/local); the rest
// goes through the light benchmark client.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { randomBytes } from "node:crypto";
import { computeVerifier, newSalt } from "../src/crypto/srp.js";
import { base32Decode } from "../src/crypto/totp.js";
import { ephemerals, srpSignIn, type BenchClient, type DeviceTarget, type SignInTarget } from "./client.js";

const PASSWORD = "Bench-Passw0rd!";
const FLOWS: ExplicitAuthFlowsType[] = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

function adminClient(url: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

async function createUsers(admin: CognitoIdentityProviderClient, poolId: string, names: string[]): Promise<void> {
  for (const name of names) {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS" }));
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }),
    );
  }
}

export interface TotpTarget extends SignInTarget {
  /** AssociateSoftwareToken's SecretCode, decoded. */
  secret: Buffer;
}

/**
 * `count` users with an authenticator app in a new MFA OPTIONAL pool. VerifySoftwareToken uses up the
 * time step of its code, so the caller must move the server's clock on a step before their first
 * sign-in (`code` computes a code for the server's clock).
 */
export async function totpTargets(
  url: string,
  client: BenchClient,
  count: number,
  code: (secret: Buffer) => string,
): Promise<TotpTarget[]> {
  const admin = adminClient(url);
  try {
    const pool = await admin.send(new CreateUserPoolCommand({ PoolName: "bench-totp" }));
    const poolId = pool.UserPool!.Id!;
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const app = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "bench", ExplicitAuthFlows: FLOWS }),
    );
    const names = Array.from({ length: count }, (_, i) => `bench-totp-${i}`);
    await createUsers(admin, poolId, names);
    const targets: TotpTarget[] = [];
    for (const username of names) {
      const t = {
        clientId: app.UserPoolClient!.ClientId!,
        poolName: poolId.split("_")[1]!,
        username,
        password: PASSWORD,
      };
      // No factor yet: the SRP sign-in returns tokens.
      const { AccessToken } = await srpSignIn(client, t, ephemerals(1)[0]!);
      const { SecretCode } = await client.call("AssociateSoftwareToken", { AccessToken });
      const secret = base32Decode(SecretCode);
      const verified = await client.call("VerifySoftwareToken", { AccessToken, UserCode: code(secret) });
      if (verified.Status !== "SUCCESS") throw new Error(`VerifySoftwareToken: ${verified.Status}`);
      await client.call("SetUserMFAPreference", {
        AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });
      targets.push({ ...t, secret });
    }
    return targets;
  } finally {
    admin.destroy();
  }
}

/**
 * A user with one confirmed device in a new pool that remembers every device (no user prompt) and has
 * MFA off. The device's verifier is made as amazon-cognito-identity-js makes it (generateHashDevice:
 * x = H(salt | H(groupKey | deviceKey | ":" | random password))), with the server's own SRP code.
 */
export async function deviceTarget(url: string, client: BenchClient): Promise<DeviceTarget> {
  const admin = adminClient(url);
  try {
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: "bench-devices",
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      }),
    );
    const poolId = pool.UserPool!.Id!;
    const app = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "bench", ExplicitAuthFlows: FLOWS }),
    );
    await createUsers(admin, poolId, ["bench-device"]);
    const t = {
      clientId: app.UserPoolClient!.ClientId!,
      poolName: poolId.split("_")[1]!,
      username: "bench-device",
      password: PASSWORD,
    };
    const first = await srpSignIn(client, t, ephemerals(1)[0]!);
    const meta = first.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string } | undefined;
    if (!meta) throw new Error("a sign-in to the device pool returned no NewDeviceMetadata");
    const devicePassword = randomBytes(40).toString("base64");
    const salt = newSalt();
    const verifier = computeVerifier({
      poolName: meta.DeviceGroupKey,
      userId: meta.DeviceKey,
      password: devicePassword,
      salt,
    });
    await client.call("ConfirmDevice", {
      AccessToken: first.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceName: "bench",
      DeviceSecretVerifierConfig: { Salt: salt.toString("base64"), PasswordVerifier: verifier.toString("base64") },
    });
    return { ...t, deviceKey: meta.DeviceKey, groupKey: meta.DeviceGroupKey, devicePassword };
  } finally {
    admin.destroy();
  }
}
