import type { AdminForgetDeviceRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { DeviceKey, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "devices">;

/** ForgetDevice on an administrator's behalf. */
export const adminForgetDevice = defineTarget<AdminForgetDeviceRequest>()({
  name: "AdminForgetDevice",
  access: "admin",
  input: z.object({ UserPoolId, Username, DeviceKey }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.devices.forget(pool, user, req.DeviceKey);
    return {};
  },
});
