import type { ListDevicesRequest, ListDevicesResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "devices">;

/** The signed-in user's remembered (confirmed) devices. */
export const listDevices = defineTarget<ListDevicesRequest>()({
  name: "ListDevices",
  access: "public",
  input: z.object({
    AccessToken: Token,
    Limit: z.number().int().min(0).max(60).optional(),
    PaginationToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListDevicesResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    return deps.devices.list(pool, user, req.Limit, req.PaginationToken);
  },
});
