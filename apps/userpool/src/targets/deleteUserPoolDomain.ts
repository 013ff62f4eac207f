import type { DeleteUserPoolDomainRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { DomainName } from "./createUserPoolDomain.js";

type Deps = Pick<Services, "pools" | "domains">;

export const deleteUserPoolDomain = defineTarget<DeleteUserPoolDomainRequest>()({
  name: "DeleteUserPoolDomain",
  access: "admin",
  input: z.object({ Domain: DomainName, UserPoolId }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.pools.getPool(req.UserPoolId);
    await deps.domains.delete(req.UserPoolId, req.Domain);
    return {};
  },
});
