import type {
  DeleteUserPoolReplicaRequest,
  DeleteUserPoolReplicaResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { replicaIn } from "../services/replicas.js";
import { RegionName } from "./replicaShapes.js";

type Deps = Pick<Services, "pools">;

/**
 * API reference, DeleteUserPoolReplica: there are no secondary replicas to delete (ResourceNotFoundException), and
 * the primary is the pool itself, deleted with DeleteUserPool.
 */
export const deleteUserPoolReplica = defineTarget<DeleteUserPoolReplicaRequest>()({
  name: "DeleteUserPoolReplica",
  access: "admin",
  input: z.object({ UserPoolId, RegionName }),
  async handle(deps: Deps, req): Promise<DeleteUserPoolReplicaResponse> {
    replicaIn(await deps.pools.getPool(req.UserPoolId), req.RegionName);
    throw new InvalidParameterException(
      `Region ${req.RegionName} holds the primary of user pool ${req.UserPoolId}; delete the pool with DeleteUserPool.`,
    );
  },
});
