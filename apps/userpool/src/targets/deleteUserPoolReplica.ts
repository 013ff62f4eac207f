import type {
  DeleteUserPoolReplicaRequest,
  DeleteUserPoolReplicaResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { deleteReplica } from "../services/replicas.js";
import { RegionName } from "./replicaShapes.js";

type Deps = Pick<Services, "pools">;

/**
 * API reference, DeleteUserPoolReplica: removes a stored INACTIVE secondary; the primary is the pool itself,
 * deleted with DeleteUserPool.
 */
export const deleteUserPoolReplica = defineTarget<DeleteUserPoolReplicaRequest>()({
  name: "DeleteUserPoolReplica",
  access: "admin",
  input: z.object({ UserPoolId, RegionName }),
  async handle(deps: Deps, req): Promise<DeleteUserPoolReplicaResponse> {
    return {
      UserPoolReplica: await deleteReplica(deps.pools, await deps.pools.getPool(req.UserPoolId), req.RegionName),
    };
  },
});
