import type {
  DeleteUserPoolClientSecretRequest,
  DeleteUserPoolClientSecretResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

/** API reference, DeleteUserPoolClientSecret: any live secret but the client's last one. */
export const deleteUserPoolClientSecret = defineTarget<DeleteUserPoolClientSecretRequest>()({
  name: "DeleteUserPoolClientSecret",
  access: "admin",
  input: z.object({ UserPoolId, ClientId, ClientSecretId: z.string().min(1).max(128) }),
  async handle(deps: Deps, req): Promise<DeleteUserPoolClientSecretResponse> {
    await deps.pools.deleteClientSecret(req.UserPoolId, req.ClientId, req.ClientSecretId);
    return {};
  },
});
