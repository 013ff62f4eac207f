import type { CreateUserPoolRequest, CreateUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { UserPoolName } from "../protocol/fields.js";
import { PoolSettingsInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "triggerModules">;

export const createUserPool = defineTarget<CreateUserPoolRequest>()({
  name: "CreateUserPool",
  access: "admin",
  input: PoolSettingsInput.extend({ PoolName: UserPoolName }),
  async handle(deps: Deps, req, ctx): Promise<CreateUserPoolResponse> {
    const { PoolName, ...settings } = req;
    // Through the API, Lambda ARNs only (or an allow-listed module): see triggers/modulePolicy.ts.
    await deps.triggerModules.checkApiLambdaConfig(settings.LambdaConfig, undefined);
    // The pool ID carries the region the caller signed for, as in AWS.
    const pool = await deps.pools.createPool(PoolName, settings, {
      region: ctx.region ?? "us-east-1",
    });
    return { UserPool: deps.pools.describePool(pool, { estimatedUsers: 0 }) };
  },
});
