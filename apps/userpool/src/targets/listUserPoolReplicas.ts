import type {
  ListUserPoolReplicasRequest,
  ListUserPoolReplicasResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { listReplicas } from "../services/replicas.js";

type Deps = Pick<Services, "pools">;

/** API reference, ListUserPoolReplicas: the primary, then the stored secondaries, on one page (no NextToken). */
export const listUserPoolReplicas = defineTarget<ListUserPoolReplicasRequest>()({
  name: "ListUserPoolReplicas",
  access: "admin",
  input: z.object({ UserPoolId, NextToken: z.string().min(1).regex(/^\S+$/u).optional() }),
  async handle(deps: Deps, req): Promise<ListUserPoolReplicasResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    if (req.NextToken !== undefined) throw new InvalidParameterException("Invalid NextToken.");
    return { UserPoolReplicas: listReplicas(pool) };
  },
});
