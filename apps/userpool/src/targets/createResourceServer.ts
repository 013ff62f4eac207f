import type {
  CreateResourceServerRequest,
  CreateResourceServerResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Identifier, ResourceServerName, ResourceServerScopes } from "./resourceServerShapes.js";

type Deps = Pick<Services, "pools" | "resourceServers">;

export const createResourceServer = defineTarget<CreateResourceServerRequest>()({
  name: "CreateResourceServer",
  access: "admin",
  input: z.object({ UserPoolId, Identifier, Name: ResourceServerName, Scopes: ResourceServerScopes.optional() }),
  async handle(deps: Deps, req): Promise<CreateResourceServerResponse> {
    await deps.pools.getPool(req.UserPoolId);
    return {
      ResourceServer: deps.resourceServers.describe(
        await deps.resourceServers.create(req.UserPoolId, req.Identifier, req.Name, req.Scopes),
      ),
    };
  },
});
