import type {
  AdminUpdateDeviceStatusRequest,
  AdminUpdateDeviceStatusResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "devices">;

/** UpdateDeviceStatus on an administrator's behalf. */
export const adminUpdateDeviceStatus = defineTarget<AdminUpdateDeviceStatusRequest>()({
  name: "AdminUpdateDeviceStatus",
  access: "admin",
  input: z.object({
    UserPoolId,
    Username,
    DeviceKey,
    // Optional in the API; a request without it would change nothing, so it is refused by name.
    DeviceRememberedStatus: z.enum(["remembered", "not_remembered"]),
  }),
  async handle(deps: Deps, req): Promise<AdminUpdateDeviceStatusResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.devices.setStatus(pool, user, req.DeviceKey, req.DeviceRememberedStatus);
    return {};
  },
});
