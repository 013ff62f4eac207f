import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientName, UserPoolId } from "../protocol/fields.js";
import { ClientSecret, ClientSettingsInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const createUserPoolClient = defineTarget<CreateUserPoolClientRequest>()({
  name: "CreateUserPoolClient",
  access: "admin",
  input: ClientSettingsInput.extend({
    UserPoolId,
    ClientName,
    GenerateSecret: z.boolean().optional(),
    ClientSecret: ClientSecret.min(24).optional(),
  }),
  async handle(deps: Deps, req): Promise<CreateUserPoolClientResponse> {
    const { UserPoolId: poolId, ClientName: name, GenerateSecret, ClientSecret: secret, ...settings } = req;
    if (secret !== undefined && !GenerateSecret)
      throw new InvalidParameterException("ClientSecret can only be set when GenerateSecret is true.");
    const client = await deps.pools.createClient(poolId, name, settings, {
      ...(GenerateSecret ? { generateSecret: true } : {}),
      ...(secret !== undefined ? { secret } : {}),
    });
    return { UserPoolClient: deps.pools.describeClient(client) };
  },
});
