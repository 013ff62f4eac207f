import type {
  SetUserMFAPreferenceRequest,
  SetUserMFAPreferenceResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";
import { byFactor, MfaSettings } from "./mfaShapes.js";

type Deps = Pick<Services, "accessTokens" | "mfa">;

/** The signed-in user turns MFA factors on or off and picks the preferred one. */
export const setUserMFAPreference = defineTarget<SetUserMFAPreferenceRequest>()({
  name: "SetUserMFAPreference",
  access: "public",
  input: z.object({
    AccessToken: Token,
    SMSMfaSettings: MfaSettings.optional(),
    SoftwareTokenMfaSettings: MfaSettings.optional(),
    EmailMfaSettings: MfaSettings.optional(),
    // In the shape only to be refused by name: passkeys are not supported.
    WebAuthnMfaSettings: MfaSettings.optional(),
  }),
  async handle(deps: Deps, req): Promise<SetUserMFAPreferenceResponse> {
    if (req.WebAuthnMfaSettings)
      throw new InvalidParameterException("WebAuthnMfaSettings is not supported by this server.");
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.mfa.setPreference(pool, user, byFactor(req));
    return {};
  },
});
