import type {
  CancelPointInTimeRecoveryRequest,
  CancelPointInTimeRecoveryResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { RestoreId } from "./recoveryShapes.js";

type Deps = Pick<Services, "pools" | "recoveries">;

/** API reference, CancelPointInTimeRecovery: discards a PREVIEW_GENERATED recovery; nothing changes. */
export const cancelPointInTimeRecovery = defineTarget<CancelPointInTimeRecoveryRequest>()({
  name: "CancelPointInTimeRecovery",
  access: "admin",
  input: z.object({ UserPoolId, RestoreId }),
  async handle(deps: Deps, req): Promise<CancelPointInTimeRecoveryResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { Restoration: await deps.recoveries.cancel(pool, req.RestoreId) };
  },
});
