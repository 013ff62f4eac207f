import type { ResendConfirmationCodeRequest, ResendConfirmationCodeResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException, UserNotFoundException } from "../errors/cognitoErrors.js";
import { AnalyticsMetadata, ClientId, SecretHash, StringMap, UserContextData, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { isEmail } from "../services/attributes.js";
import { checkSecretHash } from "../services/clientAuth.js";
import { SIGN_UP_CODE_TTL_MS } from "../services/codes.js";
import type { Services } from "../services/index.js";
import { maskEmail } from "../services/mail/messages.js";

type Deps = Pick<Services, "pools" | "users" | "codes" | "messages">;

export const resendConfirmationCode = defineTarget({
  name: "ResendConfirmationCode",
  access: "public",
  input: z.object({
    ClientId,
    SecretHash: SecretHash.optional(),
    Username,
    UserContextData: UserContextData.optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req: ResendConfirmationCodeRequest): Promise<ResendConfirmationCodeResponse> {
    const client = await deps.pools.getClient(req.ClientId!);
    const pool = await deps.pools.getPool(client.poolId);
    const user = await deps.users.resolve(pool, req.Username!);
    checkSecretHash(deps.pools, client, user ? [req.Username!, user.username] : [req.Username!], req.SecretHash);
    if (!user) {
      if (client.settings.PreventUserExistenceErrors !== "ENABLED") throw new UserNotFoundException("Username/client id combination not found.");
      // Same answer shape as for a real user, so the response does not reveal whether the account exists.
      const destination = isEmail(req.Username!) ? maskEmail(req.Username!) : "***@***";
      return { CodeDeliveryDetails: { Destination: destination, DeliveryMedium: "EMAIL", AttributeName: "email" } };
    }
    if (user.status !== "UNCONFIRMED") throw new InvalidParameterException("User is already confirmed.");
    if (!pool.settings.AutoVerifiedAttributes.includes("email") || !user.attributes.email) {
      throw new InvalidParameterException("Auto verification not turned on.");
    }
    const code = await deps.codes.issue(pool.id, user.id, "SIGN_UP", SIGN_UP_CODE_TTL_MS);
    const delivery = await deps.messages.sendVerification({
      pool,
      client,
      user,
      code,
      source: "CustomMessage_ResendCode",
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return { CodeDeliveryDetails: delivery };
  },
});
