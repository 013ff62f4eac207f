import type { GetCSVHeaderRequest, GetCSVHeaderResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "userImports">;

/** The CSV header for the pool's import file: standard and custom attributes, cognito:mfa_enabled, cognito:username. */
export const getCSVHeader = defineTarget<GetCSVHeaderRequest>()({
  name: "GetCSVHeader",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<GetCSVHeaderResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { UserPoolId: pool.id, CSVHeader: deps.userImports.csvHeader(pool) };
  },
});
