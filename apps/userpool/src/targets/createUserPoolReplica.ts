import type {
  CreateUserPoolReplicaRequest,
  CreateUserPoolReplicaResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { TagKey, TagValue } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { createReplica } from "../services/replicas.js";
import { RegionName } from "./replicaShapes.js";

type Deps = Pick<Services, "pools" | "clock">;

/** API reference, CreateUserPoolReplica: stored as a record; no Region serves it on one server (ADR 0032). */
export const createUserPoolReplica = defineTarget<CreateUserPoolReplicaRequest>()({
  name: "CreateUserPoolReplica",
  access: "admin",
  input: z.object({ UserPoolId, RegionName, UserPoolTags: z.record(TagKey, TagValue).optional() }),
  async handle(deps: Deps, req): Promise<CreateUserPoolReplicaResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const replica = await createReplica(deps.pools, pool, req.RegionName, req.UserPoolTags ?? {}, deps.clock.now());
    return { UserPoolReplica: replica };
  },
});
