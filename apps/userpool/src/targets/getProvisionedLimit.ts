import type {
  GetProvisionedLimitRequest,
  GetProvisionedLimitResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { LimitDefinition } from "./limitShapes.js";

type Deps = Pick<Services, "provisionedLimits">;

/** API reference, GetProvisionedLimit: the request rate this server enforces for a category (ADR 0032). */
export const getProvisionedLimit = defineTarget<GetProvisionedLimitRequest>()({
  name: "GetProvisionedLimit",
  access: "admin",
  input: z.object({ LimitDefinition }),
  async handle(deps: Deps, req): Promise<GetProvisionedLimitResponse> {
    return { Limit: deps.provisionedLimits.get(req.LimitDefinition) };
  },
});
