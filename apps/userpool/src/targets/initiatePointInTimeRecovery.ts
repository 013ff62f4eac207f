import type {
  InitiatePointInTimeRecoveryRequest,
  InitiatePointInTimeRecoveryResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "recoveries">;

/**
 * API reference, InitiatePointInTimeRecovery: checks the recovery point and generates the preview at once (the
 * change log is local), so the answer is already PREVIEW_GENERATED. Writes are not paused meanwhile (ADR 0032).
 */
export const initiatePointInTimeRecovery = defineTarget<InitiatePointInTimeRecoveryRequest>()({
  name: "InitiatePointInTimeRecovery",
  access: "admin",
  input: z.object({
    UserPoolId,
    // AWS JSON sends a timestamp as epoch seconds, fractions allowed; beyond 8.64e12 s a Date is invalid.
    RestoreTimestamp: z
      .number()
      .nonnegative()
      .max(8.64e12, "RestoreTimestamp is not a valid time.")
      .transform((s) => new Date(Math.round(s * 1000))),
  }),
  async handle(deps: Deps, req): Promise<InitiatePointInTimeRecoveryResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { Restoration: await deps.recoveries.initiate(pool, req.RestoreTimestamp) };
  },
});
