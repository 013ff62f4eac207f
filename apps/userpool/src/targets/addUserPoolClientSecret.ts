import type {
  AddUserPoolClientSecretRequest,
  AddUserPoolClientSecretResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

/**
 * API reference, AddUserPoolClientSecret: a second live secret for a confidential client (two at most). The
 * value is answered only when the server generated it (ClientSecretDescriptorType).
 */
export const addUserPoolClientSecret = defineTarget<AddUserPoolClientSecretRequest>()({
  name: "AddUserPoolClientSecret",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    ClientSecret: z
      .string()
      .min(24)
      .max(64)
      .regex(/^[\w+]+$/u)
      .optional(),
  }),
  async handle(deps: Deps, req): Promise<AddUserPoolClientSecretResponse> {
    const { secret, value } = await deps.pools.addClientSecret(req.UserPoolId, req.ClientId, req.ClientSecret);
    return {
      ClientSecretDescriptor: {
        ClientSecretId: secret.id,
        ...(req.ClientSecret === undefined ? { ClientSecretValue: value } : {}),
        ClientSecretCreateDate: new Date(secret.createdAt),
      },
    };
  },
});
