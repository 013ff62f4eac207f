import type {
  AssociateSoftwareTokenRequest,
  AssociateSoftwareTokenResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { Session, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "mfa">;

/**
 * A new authenticator-app secret for the signed-in user (AccessToken) or for the user answering an
 * MFA_SETUP challenge (Session, answered with a new Session). Exactly one of the two.
 */
export const associateSoftwareToken = defineTarget<AssociateSoftwareTokenRequest>()({
  name: "AssociateSoftwareToken",
  access: "public",
  input: z.object({ AccessToken: Token.optional(), Session: Session.optional() }),
  async handle(deps: Deps, req): Promise<AssociateSoftwareTokenResponse> {
    if ((req.AccessToken === undefined) === (req.Session === undefined))
      throw new InvalidParameterException("Exactly one of AccessToken and Session is required.");
    if (req.Session !== undefined) {
      const { secret, session } = await deps.mfa.associateInSetup(req.Session);
      return { SecretCode: secret, Session: session };
    }
    const { pool, user } = await authenticateUser(deps, req.AccessToken as string);
    return { SecretCode: await deps.mfa.associate(pool, user) };
  },
});
