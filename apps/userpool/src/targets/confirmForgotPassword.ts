import type {
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import {
  AnalyticsMetadata,
  ClientId,
  ConfirmationCode,
  Password,
  SecretHash,
  StringMap,
  UserContextData,
  Username,
} from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "passwordReset">;

export const confirmForgotPassword = defineTarget<ConfirmForgotPasswordRequest>()({
  name: "ConfirmForgotPassword",
  access: "public",
  input: z.object({
    ClientId,
    SecretHash: SecretHash.optional(),
    Username,
    ConfirmationCode,
    Password,
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    UserContextData: UserContextData.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req): Promise<ConfirmForgotPasswordResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    await deps.passwordReset.confirmForgotPassword({
      pool,
      client,
      username: req.Username,
      code: req.ConfirmationCode,
      password: req.Password,
      ...(req.SecretHash !== undefined ? { secretHash: req.SecretHash } : {}),
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return {};
  },
});
