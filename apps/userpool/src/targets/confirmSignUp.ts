import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import {
  CHALLENGE_INVALID,
  CodeMismatchException,
  NotAuthorizedException,
  UserNotFoundException,
} from "../errors/cognitoErrors.js";
import {
  AnalyticsMetadata,
  ClientId,
  ConfirmationCode,
  SecretHash,
  Session,
  StringMap,
  UserContextData,
  Username,
} from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { signUpChannel } from "../services/confirmation.js";
import { checkSecretHash } from "../services/secretHash.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "confirmation" | "quotas" | "existence" | "codes" | "signUpSessions">;

export const confirmSignUp = defineTarget<ConfirmSignUpRequest>()({
  name: "ConfirmSignUp",
  access: "public",
  input: z.object({
    ClientId,
    SecretHash: SecretHash.optional(),
    Username,
    ConfirmationCode,
    ForceAliasCreation: z.boolean().optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    UserContextData: UserContextData.optional(),
    ClientMetadata: StringMap.optional(),
    Session: Session.optional(),
  }),
  async handle(deps: Deps, req): Promise<ConfirmSignUpResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    const user = await deps.users.resolve(pool, req.Username);
    checkSecretHash(deps.pools, client, user ? [req.Username, user.username] : [req.Username], req.SecretHash);
    if (!user && client.settings.PreventUserExistenceErrors !== "ENABLED")
      throw new UserNotFoundException("Username/client id combination not found.");
    // SignUp's Session, when sent, must be this client's, live, and the user's; checked before the code
    // and alike for an unknown name (no Session names one), so it tells nothing about who exists.
    if (req.Session !== undefined && (await deps.signUpSessions.userOfConfirmation(client, req.Session)) !== user?.id)
      throw new NotAuthorizedException(CHALLENGE_INVALID);
    // Cognito's per-user quota (15 an hour) bounds code guessing; unknown names are counted alike.
    await deps.quotas.consume(
      pool,
      user ? `u:${user.id}` : deps.existence.unknownSubject(pool, req.Username),
      "ConfirmSignUp",
    );
    if (!user) {
      // PreventUserExistenceErrors ENABLED: an unknown user looks like a wrong code, with the same MAC
      // and queries as one (nothing matches an unknown subject).
      await deps.codes.consume(
        pool.id,
        deps.existence.unknownSubject(pool, req.Username),
        "SIGN_UP",
        req.ConfirmationCode,
      );
      throw new CodeMismatchException();
    }
    const confirmed = await deps.confirmation.confirmSignUp({
      pool,
      client,
      user,
      code: req.ConfirmationCode,
      ...(req.ForceAliasCreation ? { forceAliasCreation: true } : {}),
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    if (req.Session !== undefined) await deps.signUpSessions.spendConfirmation(client, req.Session);
    // The code just proved the address it went to: a Session to sign in with USER_AUTH (API reference,
    // ConfirmSignUp Session), for a client that may use that flow.
    const channel = signUpChannel(pool, user);
    if (!channel || !client.settings.ExplicitAuthFlows.includes("ALLOW_USER_AUTH")) return {};
    const factor = channel === "email" ? "EMAIL_OTP" : "SMS_OTP";
    return { Session: await deps.signUpSessions.issueForSignIn(pool, client, confirmed, factor) };
  },
});
