import type { UpdateUserPoolRequest, UpdateUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { UserPoolId, UserPoolName } from "../protocol/fields.js";
import { PoolSettingsInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

// UpdateUserPool cannot change sign-in attributes, schema or username case sensitivity (immutable in Cognito).
const Input = PoolSettingsInput.omit({ AliasAttributes: true, UsernameAttributes: true, Schema: true, UsernameConfiguration: true }).extend({
  UserPoolId,
  PoolName: UserPoolName.optional(),
});

export const updateUserPool = defineTarget({
  name: "UpdateUserPool",
  access: "admin",
  input: Input,
  async handle(deps: Deps, req: UpdateUserPoolRequest): Promise<UpdateUserPoolResponse> {
    const { UserPoolId: id, PoolName, ...settings } = req;
    await deps.pools.updatePool(id!, settings as PoolSettingsInput, PoolName);
    return {};
  },
});
