import type { SignUpRequest, SignUpResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
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
import { checkSecretHash } from "../services/secretHash.js";
import type { Services } from "../services/index.js";
import { signalsOf } from "../services/risk/riskScore.js";

type Deps = Pick<Services, "pools" | "users" | "passwords" | "confirmation" | "triggers" | "random" | "threats">;

export const signUp = defineTarget<SignUpRequest>()({
  name: "SignUp",
  access: "public",
  input: z.object({
    ClientId,
    SecretHash: SecretHash.optional(),
    Username,
    Password,
    UserAttributes: AttributeList.optional(),
    ValidationData: AttributeList.optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    UserContextData: UserContextData.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req, rc): Promise<SignUpResponse> {
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
    deps.passwords.checkPolicy(pool.settings.Policies.PasswordPolicy, req.Password, "SignUp");
    // Threat protection: a password on the breach list is refused under a BLOCK action (ADR 0031).
    const { compromised } = await deps.threats.checkNewPassword({ pool, clientId: client.id }, "SIGN_UP", req.Password);

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

    const credentials = deps.passwords.createCredentials(pool.id, sub, name.username, req.Password);
    const user = await deps.users.create(pool, {
      id: sub,
      username: name.username,
      status: pre.autoConfirmUser ? "CONFIRMED" : "UNCONFIRMED",
      attributes,
      credentials,
    });
    await deps.threats.record(pool, user, "SignUp", signalsOf(rc), { pass: true, compromised });
    if (user.status === "CONFIRMED") return { UserConfirmed: true, UserSub: sub };

    // Cognito sends the verification message only for attributes in AutoVerifiedAttributes.
    if (!signUpChannel(pool, { attributes })) return { UserConfirmed: false, UserSub: sub };
    const delivery = await deps.confirmation.sendVerification({ ...ctx, user, source: "CustomMessage_SignUp" });
    return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: delivery };
  },
});
