import type {
  VerifySoftwareTokenRequest,
  VerifySoftwareTokenResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { Session, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "mfa">;

/**
 * Verifies the code of the secret AssociateSoftwareToken handed out; it becomes the user's
 * authenticator app. A wrong code is EnableSoftwareTokenMFAException; Status is SUCCESS otherwise.
 * With a Session (MFA_SETUP) the answer carries the Session that answers the challenge.
 */
export const verifySoftwareToken = defineTarget<VerifySoftwareTokenRequest>()({
  name: "VerifySoftwareToken",
  access: "public",
  input: z.object({
    AccessToken: Token.optional(),
    Session: Session.optional(),
    UserCode: z
      .string()
      .min(6)
      .max(6)
      .regex(/^[0-9]+$/u),
    FriendlyDeviceName: z.string().max(131072).optional(),
  }),
  async handle(deps: Deps, req): Promise<VerifySoftwareTokenResponse> {
    if ((req.AccessToken === undefined) === (req.Session === undefined))
      throw new InvalidParameterException("Exactly one of AccessToken and Session is required.");
    if (req.Session !== undefined) {
      const session = await deps.mfa.verifyInSetup(req.Session, req.UserCode, req.FriendlyDeviceName);
      return { Status: "SUCCESS", Session: session };
    }
    const { pool, user } = await authenticateUser(deps, req.AccessToken as string);
    await deps.mfa.verify(pool, user, req.UserCode, req.FriendlyDeviceName, false);
    return { Status: "SUCCESS" };
  },
});
