import type { ForgotPasswordRequest, ForgotPasswordResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AnalyticsMetadata, ClientId, SecretHash, StringMap, UserContextData, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { protectionMode } from "../services/risk/riskConfig.js";
import { signalsOf } from "../services/risk/riskScore.js";

type Deps = Pick<Services, "pools" | "users" | "passwordReset" | "threats">;

export const forgotPassword = defineTarget<ForgotPasswordRequest>()({
  name: "ForgotPassword",
  access: "public",
  input: z.object({
    ClientId,
    SecretHash: SecretHash.optional(),
    UserContextData: UserContextData.optional(),
    Username,
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req, rc): Promise<ForgotPasswordResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    const delivery = await deps.passwordReset.forgotPassword({
      pool,
      client,
      username: req.Username,
      ...(req.SecretHash !== undefined ? { secretHash: req.SecretHash } : {}),
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    // Threat protection's event history has ForgotPassword events (only for a user that exists).
    if (protectionMode(pool) !== "OFF") {
      const user = await deps.users.resolve(pool, req.Username);
      if (user) await deps.threats.record(pool, user, "ForgotPassword", signalsOf(rc), { pass: true });
    }
    return { CodeDeliveryDetails: delivery };
  },
});
