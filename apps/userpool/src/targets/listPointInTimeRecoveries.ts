import type {
  ListPointInTimeRecoveriesRequest,
  ListPointInTimeRecoveriesResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { MAX_RECOVERIES_PAGE } from "../services/pointInTimeRecovery.js";

type Deps = Pick<Services, "pools" | "recoveries">;

/** API reference, ListPointInTimeRecoveries: newest first, 1 to 60 per page (60 by default). */
export const listPointInTimeRecoveries = defineTarget<ListPointInTimeRecoveriesRequest>()({
  name: "ListPointInTimeRecoveries",
  access: "admin",
  input: z.object({
    UserPoolId,
    NextToken: z.string().min(1).regex(/^\S+$/u).optional(),
    MaxResults: z.number().int().min(1).max(MAX_RECOVERIES_PAGE).optional(),
  }),
  async handle(deps: Deps, req): Promise<ListPointInTimeRecoveriesResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return deps.recoveries.list(pool, req.MaxResults ?? MAX_RECOVERIES_PAGE, req.NextToken);
  },
});
