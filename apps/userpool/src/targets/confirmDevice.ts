import type { ConfirmDeviceRequest, ConfirmDeviceResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "devices">;

/** Stores the SRP verifier of the device NewDeviceMetadata named (services/devices.ts). */
export const confirmDevice = defineTarget<ConfirmDeviceRequest>()({
  name: "ConfirmDevice",
  access: "public",
  input: z.object({
    AccessToken: Token,
    DeviceKey,
    DeviceSecretVerifierConfig: z
      .object({ PasswordVerifier: z.string().max(2048).optional(), Salt: z.string().max(512).optional() })
      .optional(),
    DeviceName: z.string().min(1).max(1024).optional(),
  }),
  async handle(deps: Deps, req, ctx): Promise<ConfirmDeviceResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    return deps.devices.confirm(pool, user, {
      deviceKey: req.DeviceKey,
      ...(req.DeviceSecretVerifierConfig?.PasswordVerifier !== undefined
        ? { passwordVerifier: req.DeviceSecretVerifierConfig.PasswordVerifier }
        : {}),
      ...(req.DeviceSecretVerifierConfig?.Salt !== undefined ? { salt: req.DeviceSecretVerifierConfig.Salt } : {}),
      ...(req.DeviceName !== undefined ? { name: req.DeviceName } : {}),
      ...(ctx.sourceIp !== undefined ? { ip: ctx.sourceIp } : {}),
    });
  },
});
