import type {
  SetUserPoolSessionConfigurationRequest,
  SetUserPoolSessionConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { FeatureUnavailableInTierException } from "../errors/cognitoErrors.js";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "sessionConfiguration">;

/**
 * API reference, SetUserPoolSessionConfiguration: a full replacement, every member required; Essentials or Plus.
 * With tracking ENABLED the next sign-in of a user beyond MaxPerUser (1–100) ends their least recently used token
 * session; DISABLED keeps MaxPerUser dormant. Listing sessions works either way here (ADR 0025, ADR 0032).
 */
export const setUserPoolSessionConfiguration = defineTarget<SetUserPoolSessionConfigurationRequest>()({
  name: "SetUserPoolSessionConfiguration",
  access: "admin",
  input: z.object({
    UserPoolId,
    UserSessionTracking: z.enum(["ENABLED", "DISABLED"]),
    TokenSession: z.object({ MaxPerUser: z.number().int().min(1).max(100) }),
  }),
  async handle(deps: Deps, req): Promise<SetUserPoolSessionConfigurationResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    if (pool.settings.UserPoolTier === "LITE")
      throw new FeatureUnavailableInTierException(
        "Session configuration requires the Essentials or Plus feature plan (UserPoolTier).",
      );
    return deps.sessionConfiguration.setPoolConfiguration(pool, req);
  },
});
