import type {
  UpdateUserPoolDomainRequest,
  UpdateUserPoolDomainResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ArnLike, UserPoolId } from "../protocol/fields.js";
import { unsupportedMember } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { DomainName } from "./createUserPoolDomain.js";

type Deps = Pick<Services, "pools" | "domains">;

/**
 * API reference, UpdateUserPoolDomain: changes the managed login version, and the certificate of a custom
 * domain; CloudFrontDomain is answered for custom domains only.
 */
export const updateUserPoolDomain = defineTarget<UpdateUserPoolDomainRequest>()({
  name: "UpdateUserPoolDomain",
  access: "admin",
  input: z.object({
    Domain: DomainName,
    UserPoolId,
    ManagedLoginVersion: z.number().int().min(1).max(2).optional(),
    CustomDomainConfig: z.object({ CertificateArn: ArnLike }).optional(),
    Routing: unsupportedMember("Routing", "multi-Region failover routing"),
  }),
  async handle(deps: Deps, req): Promise<UpdateUserPoolDomainResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const row = await deps.domains.update(req.UserPoolId, req.Domain, {
      ...(req.CustomDomainConfig ? { customDomainConfig: req.CustomDomainConfig } : {}),
      ...(req.ManagedLoginVersion !== undefined ? { managedLoginVersion: req.ManagedLoginVersion } : {}),
    });
    return {
      ManagedLoginVersion: row.managedLoginVersion,
      ...(row.customDomainConfig ? { CloudFrontDomain: deps.domains.describe(row).CloudFrontDistribution } : {}),
    };
  },
});
