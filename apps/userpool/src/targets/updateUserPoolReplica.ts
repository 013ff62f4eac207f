import type {
  UpdateUserPoolReplicaRequest,
  UpdateUserPoolReplicaResponse,
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
 * API reference, UpdateUserPoolReplica: the primary stays ACTIVE (setting ACTIVE changes nothing); INACTIVE would
 * stop the only copy of the pool from serving users and is refused by name.
 */
export const updateUserPoolReplica = defineTarget<UpdateUserPoolReplicaRequest>()({
  name: "UpdateUserPoolReplica",
  access: "admin",
  input: z.object({ UserPoolId, RegionName, Status: z.enum(["ACTIVE", "INACTIVE"]) }),
  async handle(deps: Deps, req): Promise<UpdateUserPoolReplicaResponse> {
    const replica = replicaIn(await deps.pools.getPool(req.UserPoolId), req.RegionName);
    if (req.Status === "INACTIVE")
      throw new InvalidParameterException(
        `Status INACTIVE is not supported for the primary of user pool ${req.UserPoolId} (Region ${req.RegionName}).`,
      );
    return { UserPoolReplica: replica };
  },
});
