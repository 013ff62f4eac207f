import type {
  UpdateProvisionedLimitRequest,
  UpdateProvisionedLimitResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { LimitDefinition } from "./limitShapes.js";

type Deps = Pick<Services, "provisionedLimits">;

/**
 * API reference, UpdateProvisionedLimit: sets a category's rate, stored and enforced from the next request on
 * (this instance; other instances on the same database at their next start, ADR 0032).
 */
export const updateProvisionedLimit = defineTarget<UpdateProvisionedLimitRequest>()({
  name: "UpdateProvisionedLimit",
  access: "admin",
  input: z.object({ LimitDefinition, RequestedLimitValue: z.number().int() }),
  async handle(deps: Deps, req): Promise<UpdateProvisionedLimitResponse> {
    return { Limit: await deps.provisionedLimits.update(req.LimitDefinition, req.RequestedLimitValue) };
  },
});
