import type { DeleteUserPoolClientRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const deleteUserPoolClient = defineTarget<DeleteUserPoolClientRequest>()({
  name: "DeleteUserPoolClient",
  access: "admin",
  input: z.object({ UserPoolId, ClientId }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.pools.deleteClient(req.UserPoolId, req.ClientId);
    return {};
  },
});
