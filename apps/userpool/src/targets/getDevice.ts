import type { GetDeviceRequest, GetDeviceResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "devices">;

/** One of the signed-in user's devices; another user's device is not found. */
export const getDevice = defineTarget<GetDeviceRequest>()({
  name: "GetDevice",
  access: "public",
  input: z.object({ DeviceKey, AccessToken: Token }),
  async handle(deps: Deps, req): Promise<GetDeviceResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    return { Device: deps.devices.toDeviceType(await deps.devices.get(pool, user.id, req.DeviceKey)) };
  },
});
