import type {
  ListUserPoolClientSecretsRequest,
  ListUserPoolClientSecretsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

/**
 * API reference, ListUserPoolClientSecrets: IDs and creation dates of the (at most two) live secrets, never their
 * values, and no pagination token. A NextToken can only come from a previous answer, and none is ever given.
 */
export const listUserPoolClientSecrets = defineTarget<ListUserPoolClientSecretsRequest>()({
  name: "ListUserPoolClientSecrets",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    NextToken: z
      .custom<undefined>((v) => v === undefined, {
        message: "NextToken is not valid: ListUserPoolClientSecrets answers every secret at once.",
      })
      .optional(),
  }),
  async handle(deps: Deps, req): Promise<ListUserPoolClientSecretsResponse> {
    const secrets = await deps.pools.listClientSecrets(req.UserPoolId, req.ClientId);
    return {
      ClientSecrets: secrets.map((s) => ({ ClientSecretId: s.id, ClientSecretCreateDate: new Date(s.createdAt) })),
    };
  },
});
