import type {
  DescribeUserImportJobRequest,
  DescribeUserImportJobResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { ImportJobId } from "./importShapes.js";

type Deps = Pick<Services, "pools" | "userImports">;

/** The job with its status and statistics. */
export const describeUserImportJob = defineTarget<DescribeUserImportJobRequest>()({
  name: "DescribeUserImportJob",
  access: "admin",
  input: z.object({ UserPoolId, JobId: ImportJobId }),
  async handle(deps: Deps, req): Promise<DescribeUserImportJobResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { UserImportJob: deps.userImports.toWire(await deps.userImports.get(pool, req.JobId)) };
  },
});
