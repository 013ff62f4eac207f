import type {
  SetUserPoolMfaConfigRequest,
  SetUserPoolMfaConfigResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { EmailMessage, EmailSubject, PoolSettingsInput, SmsMessage } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { applyMfaConfig, describeMfaConfig } from "../services/mfa/poolConfig.js";

type Deps = Pick<Services, "pools">;

export const setUserPoolMfaConfig = defineTarget<SetUserPoolMfaConfigRequest>()({
  name: "SetUserPoolMfaConfig",
  access: "admin",
  input: z.object({
    UserPoolId,
    MfaConfiguration: z.enum(["OFF", "ON", "OPTIONAL"]).optional(),
    SoftwareTokenMfaConfiguration: z.object({ Enabled: z.boolean().optional() }).optional(),
    SmsMfaConfiguration: z
      .object({
        SmsAuthenticationMessage: SmsMessage.optional(),
        SmsConfiguration: PoolSettingsInput.shape.SmsConfiguration,
      })
      .optional(),
    EmailMfaConfiguration: z.object({ Message: EmailMessage.optional(), Subject: EmailSubject.optional() }).optional(),
    // Accepted by the shape only so that applyMfaConfig refuses it by name.
    WebAuthnConfiguration: z.record(z.string(), z.unknown()).optional(),
  }),
  async handle(deps: Deps, req): Promise<SetUserPoolMfaConfigResponse> {
    const { UserPoolId: id, ...config } = req;
    const pool = await deps.pools.getPool(id);
    const saved = await deps.pools.replaceSettings(pool, applyMfaConfig(pool.settings, config));
    return describeMfaConfig(saved.settings);
  },
});
