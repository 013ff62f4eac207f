/** Remembered devices for the tests: ConfirmDevice with a verifier from amazon-cognito-identity-js's own code. */
import {
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  type ConfirmDeviceResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoJsHelper } from "./srpClientCognitoJs.js";

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
