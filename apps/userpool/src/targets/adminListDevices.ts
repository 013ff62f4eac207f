import type { AdminListDevicesRequest, AdminListDevicesResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "devices">;

/** ListDevices on an administrator's behalf. */
export const adminListDevices = defineTarget<AdminListDevicesRequest>()({
  name: "AdminListDevices",
  access: "admin",
  input: z.object({
    UserPoolId,
    Username,
    Limit: z.number().int().min(0).max(60).optional(),
    PaginationToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminListDevicesResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    return deps.devices.list(pool, user, req.Limit, req.PaginationToken);
  },
});
