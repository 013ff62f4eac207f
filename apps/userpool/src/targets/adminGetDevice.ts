import type { AdminGetDeviceRequest, AdminGetDeviceResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "devices">;

/** GetDevice on an administrator's behalf. */
export const adminGetDevice = defineTarget<AdminGetDeviceRequest>()({
  name: "AdminGetDevice",
  access: "admin",
  input: z.object({ DeviceKey, UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<AdminGetDeviceResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    return { Device: deps.devices.toDeviceType(await deps.devices.get(pool, user.id, req.DeviceKey)) };
  },
});
