import type { DeleteResourceServerRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Identifier } from "./resourceServerShapes.js";

type Deps = Pick<Services, "pools" | "resourceServers">;

export const deleteResourceServer = defineTarget<DeleteResourceServerRequest>()({
  name: "DeleteResourceServer",
  access: "admin",
  input: z.object({ UserPoolId, Identifier }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.pools.getPool(req.UserPoolId);
    await deps.resourceServers.delete(req.UserPoolId, req.Identifier);
    return {};
  },
});
