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
import { signalsOf } from "../services/risk/riskScore.js";

type Deps = Pick<Services, "pools" | "passwordReset" | "threats">;

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
  async handle(deps: Deps, req, rc): Promise<ConfirmForgotPasswordResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    // Threat protection: a breached new password is refused before the code is used up (PASSWORD_CHANGE).
    const { compromised } = await deps.threats.checkNewPassword(
      { pool, clientId: client.id },
      "PASSWORD_CHANGE",
      req.Password,
    );
    const user = await deps.passwordReset.confirmForgotPassword({
      pool,
      client,
      username: req.Username,
      code: req.ConfirmationCode,
      password: req.Password,
      ...(req.SecretHash !== undefined ? { secretHash: req.SecretHash } : {}),
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    await deps.threats.record(pool, user, "PasswordChange", signalsOf(rc), { pass: true, compromised });
    return {};
  },
});
