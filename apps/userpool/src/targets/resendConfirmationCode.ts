import type {
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException, NotAuthorizedException, UserNotFoundException } from "../errors/cognitoErrors.js";
import { AnalyticsMetadata, ClientId, SecretHash, StringMap, UserContextData, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { checkSecretHash } from "../services/secretHash.js";
import { signUpChannel } from "../services/confirmation.js";
import type { Services } from "../services/index.js";
import { signalsOf } from "../services/risk/riskScore.js";

type Deps = Pick<Services, "pools" | "users" | "confirmation" | "quotas" | "existence" | "threats">;

export const resendConfirmationCode = defineTarget<ResendConfirmationCodeRequest>()({
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
  async handle(deps: Deps, req, rc): Promise<ResendConfirmationCodeResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    const user = await deps.users.resolve(pool, req.Username);
    checkSecretHash(deps.pools, client, user ? [req.Username, user.username] : [req.Username], req.SecretHash);
    const hide = client.settings.PreventUserExistenceErrors === "ENABLED";
    if (!user && !hide) throw new UserNotFoundException("Username/client id combination not found.");
    // Cognito's per-user quota (5 an hour); unknown names count the same way, so the limit does not tell them apart.
    await deps.quotas.consume(
      pool,
      user ? `u:${user.id}` : deps.existence.unknownSubject(pool, req.Username),
      "ResendConfirmationCode",
    );
    // PreventUserExistenceErrors ENABLED: an unknown or disabled user gets the same answer as a real one
    // (developer guide, "Managing user existence error responses").
    if (!user?.enabled) {
      if (!user || hide) {
        deps.existence.simulateCodeIssue(pool, req.Username, "SIGN_UP");
        return { CodeDeliveryDetails: deps.existence.simulatedDelivery(pool, req.Username) };
      }
      throw new NotAuthorizedException("User is disabled.");
    }
    if (user.status !== "UNCONFIRMED") {
      // With ENABLED the operation answers alike for every name (developer guide, "Managing user
      // existence error responses"), so a confirmed account is not told apart either: no code is sent.
      if (hide) {
        deps.existence.simulateCodeIssue(pool, req.Username, "SIGN_UP");
        return { CodeDeliveryDetails: deps.existence.simulatedDelivery(pool, req.Username) };
      }
      throw new InvalidParameterException("User is already confirmed.");
    }
    if (!signUpChannel(pool, user)) {
      throw new InvalidParameterException("Auto verification not turned on.");
    }
    const delivery = await deps.confirmation.sendVerification({
      pool,
      client,
      user,
      source: "CustomMessage_ResendCode",
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    // Threat protection's event history has ResendCode events (a code sent to a known user).
    await deps.threats.record(pool, user, "ResendCode", signalsOf(rc), { pass: true });
    return { CodeDeliveryDetails: delivery };
  },
});
