import type {
  DescribePointInTimeRecoveryRequest,
  DescribePointInTimeRecoveryResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { RestoreId } from "./recoveryShapes.js";

type Deps = Pick<Services, "pools" | "recoveries">;

/** API reference, DescribePointInTimeRecovery: the recovery, with its preview counts. */
export const describePointInTimeRecovery = defineTarget<DescribePointInTimeRecoveryRequest>()({
  name: "DescribePointInTimeRecovery",
  access: "admin",
  input: z.object({ UserPoolId, RestoreId }),
  async handle(deps: Deps, req): Promise<DescribePointInTimeRecoveryResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { Restoration: await deps.recoveries.describe(pool, req.RestoreId) };
  },
});
