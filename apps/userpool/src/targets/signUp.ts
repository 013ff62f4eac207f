import type { SignUpRequest, SignUpResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import {
  AnalyticsMetadata,
  AttributeList,
  ClientId,
  Password,
  SecretHash,
  StringMap,
  UserContextData,
  Username,
} from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { checkRequired, parseAttributes } from "../services/attributes.js";
import { signUpChannel } from "../services/confirmation.js";
import { firstAuthFactors } from "../services/poolSettings.js";
import type { Client, Pool } from "../services/pools.js";
import { checkSecretHash } from "../services/secretHash.js";
import type { Services } from "../services/index.js";

type Deps = Pick<
  Services,
  "pools" | "users" | "passwords" | "confirmation" | "triggers" | "random" | "signUpSessions"
>;

/**
 * A sign-up without a password (developer guide, "Signing up and confirming user accounts", Passwords
 * at sign-up): the client allows USER_AUTH, and the attribute the sign-up code goes to (so that
 * confirming verifies it) is one a code factor of the pool's sign-in policy uses. Otherwise the user
 * could never sign in. ADR 0027.
 */
function assertPasswordless(pool: Pool, client: Client, attributes: Record<string, string>): void {
  const factors = firstAuthFactors(pool.settings);
  if (!factors.includes("EMAIL_OTP") && !factors.includes("SMS_OTP"))
    throw new InvalidParameterException(
      "Password is required: the user pool's sign-in policy allows no passwordless first factor (EMAIL_OTP, SMS_OTP).",
    );
  if (!client.settings.ExplicitAuthFlows.includes("ALLOW_USER_AUTH"))
    throw new InvalidParameterException("Password is required: the app client does not allow ALLOW_USER_AUTH.");
  const channel = signUpChannel(pool, { attributes });
  const usable = channel === "email" ? factors.includes("EMAIL_OTP") : channel === "phone_number" && factors.includes("SMS_OTP");
  if (!usable)
    throw new InvalidParameterException(
      "Password is required: a user without one needs an email or phone_number that the user pool " +
        "verifies automatically and allows as a sign-in factor (EMAIL_OTP, SMS_OTP).",
    );
}

export const signUp = defineTarget<SignUpRequest>()({
  name: "SignUp",
  access: "public",
  input: z.object({
    ClientId,
    SecretHash: SecretHash.optional(),
    Username,
    // Omitted or blank: a passwordless user, where the pool and client allow one.
    Password: z.union([z.literal(""), Password]).optional(),
    UserAttributes: AttributeList.optional(),
    ValidationData: AttributeList.optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    UserContextData: UserContextData.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req): Promise<SignUpResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    if (pool.settings.AdminCreateUserConfig.AllowAdminCreateUserOnly)
      throw new NotAuthorizedException("SignUp is not permitted for this user pool");
    checkSecretHash(deps.pools, client, [req.Username], req.SecretHash);

    const sub = deps.random.uuid();
    const name = deps.users.nameForNewUser(pool, req.Username, sub);
    const attributes = {
      ...parseAttributes(pool, req.UserAttributes, { writer: client, allowVerifiedFlags: false }),
      ...name.impliedAttributes,
    };
    checkRequired(pool, attributes);
    const password = req.Password || undefined;
    if (password === undefined) assertPasswordless(pool, client, attributes);
    else deps.passwords.checkPolicy(pool.settings.Policies.PasswordPolicy, password, "SignUp");

    const ctx = { pool, client, ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}) };
    const validationData = Object.fromEntries((req.ValidationData ?? []).map((a) => [a.Name, a.Value ?? ""]));
    const pre = await deps.triggers.preSignUp({
      ...ctx,
      source: "PreSignUp_SignUp",
      username: name.username,
      attributes,
      validationData,
    });
    if (pre.autoVerifyEmail && attributes.email) attributes.email_verified = "true";
    if (pre.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = "true";

    const user = await deps.users.create(pool, {
      id: sub,
      username: name.username,
      status: pre.autoConfirmUser ? "CONFIRMED" : "UNCONFIRMED",
      attributes,
      ...(password !== undefined
        ? { credentials: deps.passwords.createCredentials(pool.id, sub, name.username, password) }
        : {}),
    });
    if (user.status === "CONFIRMED") return { UserConfirmed: true, UserSub: sub };

    // Cognito sends the verification message only for attributes in AutoVerifiedAttributes.
    if (!signUpChannel(pool, { attributes })) return { UserConfirmed: false, UserSub: sub };
    const delivery = await deps.confirmation.sendVerification({ ...ctx, user, source: "CustomMessage_SignUp" });
    // A Session for ConfirmSignUp, where the client can go on to sign in with USER_AUTH (ADR 0027).
    const session = client.settings.ExplicitAuthFlows.includes("ALLOW_USER_AUTH")
      ? await deps.signUpSessions.issueForConfirmation(pool, client, user)
      : undefined;
    return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: delivery, ...(session ? { Session: session } : {}) };
  },
});
