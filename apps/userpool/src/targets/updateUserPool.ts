import type { UpdateUserPoolRequest, UpdateUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { UserPoolId, UserPoolName } from "../protocol/fields.js";
import { PoolSettingsInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "triggerModules">;

// UpdateUserPool cannot change sign-in attributes, schema or username case sensitivity (immutable in Cognito).
const Input = PoolSettingsInput.omit({
  AliasAttributes: true,
  UsernameAttributes: true,
  Schema: true,
  UsernameConfiguration: true,
}).extend({
  UserPoolId,
  PoolName: UserPoolName.optional(),
});

export const updateUserPool = defineTarget<UpdateUserPoolRequest>()({
  name: "UpdateUserPool",
  access: "admin",
  input: Input,
  async handle(deps: Deps, req): Promise<UpdateUserPoolResponse> {
    const { UserPoolId: id, PoolName, ...settings } = req;
    // Through the API, Lambda ARNs only, except a module the member already names (Describe → Update
    // round trips) or an allow-listed one: see triggers/modulePolicy.ts.
    const current = await deps.pools.getPool(id);
    await deps.triggerModules.checkApiLambdaConfig(settings.LambdaConfig, current.settings.LambdaConfig);
    await deps.pools.updatePool(id, settings, PoolName);
    return {};
  },
});
