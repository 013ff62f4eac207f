import type {
  CreateUserPoolDomainRequest,
  CreateUserPoolDomainResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ArnLike, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "domains">;

export const DomainName = z
  .string()
  .min(1)
  .max(63 * 4 + 3)
  .regex(/^[a-z0-9](?:[a-z0-9-.]*[a-z0-9])?$/u);

export const createUserPoolDomain = defineTarget<CreateUserPoolDomainRequest>()({
  name: "CreateUserPoolDomain",
  access: "admin",
  input: z.object({
    Domain: DomainName,
    UserPoolId,
    ManagedLoginVersion: z.number().int().min(1).max(2).optional(),
    CustomDomainConfig: z.object({ CertificateArn: ArnLike }).optional(),
  }),
  async handle(deps: Deps, req): Promise<CreateUserPoolDomainResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const row = await deps.domains.create(
      req.UserPoolId,
      req.Domain,
      req.CustomDomainConfig,
      req.ManagedLoginVersion ?? 1,
    );
    const d = deps.domains.describe(row);
    return {
      ManagedLoginVersion: row.managedLoginVersion,
      ...(row.customDomainConfig ? { CloudFrontDomain: d.CloudFrontDistribution } : {}),
    };
  },
});
