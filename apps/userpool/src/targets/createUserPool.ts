import type { CreateUserPoolRequest, CreateUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { UserPoolName } from "../protocol/fields.js";
import { PoolSettingsInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const createUserPool = defineTarget({
  name: "CreateUserPool",
  access: "admin",
  input: PoolSettingsInput.extend({ PoolName: UserPoolName }),
  async handle(deps: Deps, req: CreateUserPoolRequest, ctx): Promise<CreateUserPoolResponse> {
    const { PoolName, ...settings } = req;
    // The pool ID carries the region the caller signed for, as in AWS.
    const pool = await deps.pools.createPool(PoolName!, settings as PoolSettingsInput, { region: ctx.region ?? "us-east-1" });
    return { UserPool: deps.pools.describePool(pool, 0) };
  },
});
