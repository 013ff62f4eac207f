import type {
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { ClientId, ClientName, UserPoolId } from "../protocol/fields.js";
import { ClientSettingsInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const updateUserPoolClient = defineTarget<UpdateUserPoolClientRequest>()({
  name: "UpdateUserPoolClient",
  access: "admin",
  input: ClientSettingsInput.extend({ UserPoolId, ClientId, ClientName: ClientName.optional() }),
  async handle(deps: Deps, req): Promise<UpdateUserPoolClientResponse> {
    const { UserPoolId: poolId, ClientId: clientId, ClientName: name, ...settings } = req;
    const client = await deps.pools.updateClient(poolId, clientId, settings, name !== undefined ? { name } : {});
    return { UserPoolClient: deps.pools.describeClient(client) };
  },
});
