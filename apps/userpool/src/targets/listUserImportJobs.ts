import type { ListUserImportJobsRequest, ListUserImportJobsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { ImportPaginationToken } from "./importShapes.js";

type Deps = Pick<Services, "pools" | "userImports">;

/** The pool's import jobs, oldest first, MaxResults (1 to 60) a page. */
export const listUserImportJobs = defineTarget<ListUserImportJobsRequest>()({
  name: "ListUserImportJobs",
  access: "admin",
  input: z.object({
    UserPoolId,
    MaxResults: z.number().int().min(1).max(60),
    PaginationToken: ImportPaginationToken.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListUserImportJobsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const { jobs, token } = await deps.userImports.list(pool, req.MaxResults, req.PaginationToken);
    return {
      UserImportJobs: jobs.map((j) => deps.userImports.toWire(j)),
      ...(token ? { PaginationToken: token } : {}),
    };
  },
});
