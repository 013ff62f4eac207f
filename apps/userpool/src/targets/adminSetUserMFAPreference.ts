import type {
  AdminSetUserMFAPreferenceRequest,
  AdminSetUserMFAPreferenceResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { byFactor, MfaSettings } from "./mfaShapes.js";

type Deps = Pick<Services, "pools" | "users" | "mfa">;

/** An administrator turns a user's MFA factors on or off and picks the preferred one. */
export const adminSetUserMFAPreference = defineTarget<AdminSetUserMFAPreferenceRequest>()({
  name: "AdminSetUserMFAPreference",
  access: "admin",
  input: z.object({
    UserPoolId,
    Username,
    SMSMfaSettings: MfaSettings.optional(),
    SoftwareTokenMfaSettings: MfaSettings.optional(),
    EmailMfaSettings: MfaSettings.optional(),
    WebAuthnMfaSettings: MfaSettings.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminSetUserMFAPreferenceResponse> {
    if (req.WebAuthnMfaSettings)
      throw new InvalidParameterException("WebAuthnMfaSettings is not supported by this server.");
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.mfa.setPreference(pool, user, byFactor(req));
    return {};
  },
});
