import type { StartUserImportJobRequest, StartUserImportJobResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { ImportJobId } from "./importShapes.js";

type Deps = Pick<Services, "pools" | "userImports">;

/** Starts a Created job whose file was uploaded; it runs in the background (Pending, then InProgress). */
export const startUserImportJob = defineTarget<StartUserImportJobRequest>()({
  name: "StartUserImportJob",
  access: "admin",
  input: z.object({ UserPoolId, JobId: ImportJobId }),
  async handle(deps: Deps, req): Promise<StartUserImportJobResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { UserImportJob: deps.userImports.toWire(await deps.userImports.start(pool, req.JobId)) };
  },
});
