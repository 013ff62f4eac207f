import type {
  UpdateUserPoolReplicaRequest,
  UpdateUserPoolReplicaResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { updateReplica } from "../services/replicas.js";
import { RegionName } from "./replicaShapes.js";

type Deps = Pick<Services, "pools">;

/**
 * API reference, UpdateUserPoolReplica: a stored secondary is set ACTIVE or INACTIVE; the primary stays ACTIVE
 * (INACTIVE would stop the only copy of the pool from serving users and is refused by name).
 */
export const updateUserPoolReplica = defineTarget<UpdateUserPoolReplicaRequest>()({
  name: "UpdateUserPoolReplica",
  access: "admin",
  input: z.object({ UserPoolId, RegionName, Status: z.enum(["ACTIVE", "INACTIVE"]) }),
  async handle(deps: Deps, req): Promise<UpdateUserPoolReplicaResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { UserPoolReplica: await updateReplica(deps.pools, pool, req.RegionName, req.Status) };
  },
});
