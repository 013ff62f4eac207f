import type {
  UpdateResourceServerRequest,
  UpdateResourceServerResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Identifier, ResourceServerName, ResourceServerScopes } from "./resourceServerShapes.js";

type Deps = Pick<Services, "pools" | "resourceServers">;

export const updateResourceServer = defineTarget<UpdateResourceServerRequest>()({
  name: "UpdateResourceServer",
  access: "admin",
  input: z.object({ UserPoolId, Identifier, Name: ResourceServerName, Scopes: ResourceServerScopes.optional() }),
  async handle(deps: Deps, req): Promise<UpdateResourceServerResponse> {
    await deps.pools.getPool(req.UserPoolId);
    return {
      ResourceServer: deps.resourceServers.describe(
        await deps.resourceServers.update(req.UserPoolId, req.Identifier, req.Name, req.Scopes),
      ),
    };
  },
});
