import type {
  CreateUserImportJobRequest,
  CreateUserImportJobResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CloudWatchLogsRoleArn, ImportJobName } from "./importShapes.js";

type Deps = Pick<Services, "pools" | "userImports">;

/** A Created job with its pre-signed upload URL (valid 15 minutes); the role ARN is stored and returned. */
export const createUserImportJob = defineTarget<CreateUserImportJobRequest>()({
  name: "CreateUserImportJob",
  access: "admin",
  input: z.object({ JobName: ImportJobName, UserPoolId, CloudWatchLogsRoleArn }),
  async handle(deps: Deps, req): Promise<CreateUserImportJobResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const job = await deps.userImports.create(pool, req.JobName, req.CloudWatchLogsRoleArn);
    return { UserImportJob: deps.userImports.toWire(job) };
  },
});
