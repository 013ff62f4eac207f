import type {
  StartPointInTimeRecoveryRequest,
  StartPointInTimeRecoveryResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { RestoreId } from "./recoveryShapes.js";

type Deps = Pick<Services, "pools" | "recoveries">;

/**
 * API reference, StartPointInTimeRecovery: applies a PREVIEW_GENERATED recovery in one transaction; the answer is
 * RESTORE_COMPLETED.
 */
export const startPointInTimeRecovery = defineTarget<StartPointInTimeRecoveryRequest>()({
  name: "StartPointInTimeRecovery",
  access: "admin",
  input: z.object({ UserPoolId, RestoreId }),
  async handle(deps: Deps, req): Promise<StartPointInTimeRecoveryResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { Restoration: await deps.recoveries.start(pool, req.RestoreId) };
  },
});
