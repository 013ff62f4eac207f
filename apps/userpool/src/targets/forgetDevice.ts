import type { ForgetDeviceRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "devices">;

/** Forgets one of the signed-in user's devices and ends the sessions made with it. */
export const forgetDevice = defineTarget<ForgetDeviceRequest>()({
  name: "ForgetDevice",
  access: "public",
  input: z.object({ AccessToken: Token, DeviceKey }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.devices.forget(pool, user, req.DeviceKey);
    return {};
  },
});
