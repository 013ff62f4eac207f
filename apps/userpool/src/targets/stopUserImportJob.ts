import type { StopUserImportJobRequest, StopUserImportJobResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { ImportJobId } from "./importShapes.js";

type Deps = Pick<Services, "pools" | "userImports">;

/** Asks a Pending or InProgress job to stop: Stopping now, Stopped once its current batch is written. */
export const stopUserImportJob = defineTarget<StopUserImportJobRequest>()({
  name: "StopUserImportJob",
  access: "admin",
  input: z.object({ UserPoolId, JobId: ImportJobId }),
  async handle(deps: Deps, req): Promise<StopUserImportJobResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { UserImportJob: deps.userImports.toWire(await deps.userImports.stop(pool, req.JobId)) };
  },
});
