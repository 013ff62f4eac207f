import type { UpdateDeviceStatusRequest, UpdateDeviceStatusResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "devices">;

/** Marks one of the signed-in user's devices remembered or not_remembered. */
export const updateDeviceStatus = defineTarget<UpdateDeviceStatusRequest>()({
  name: "UpdateDeviceStatus",
  access: "public",
  input: z.object({
    AccessToken: Token,
    DeviceKey,
    // Optional in the API; a request without it would change nothing, so it is refused by name.
    DeviceRememberedStatus: z.enum(["remembered", "not_remembered"]),
  }),
  async handle(deps: Deps, req): Promise<UpdateDeviceStatusResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.devices.setStatus(pool, user, req.DeviceKey, req.DeviceRememberedStatus);
    return {};
  },
});
