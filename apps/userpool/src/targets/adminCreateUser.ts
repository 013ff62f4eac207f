import type { AdminCreateUserRequest, AdminCreateUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AliasExistsException, UnsupportedUserStateException } from "../errors/cognitoErrors.js";
import { AttributeList, DeliveryMedium, Password, StringMap, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { checkRequired, parseAttributes } from "../services/attributes.js";
import type { Services } from "../services/index.js";
import type { UserRow } from "../store/index.js";

type Deps = Pick<Services, "pools" | "users" | "passwords" | "messages" | "triggers" | "random" | "clock">;

export const adminCreateUser = defineTarget<AdminCreateUserRequest>()({
  name: "AdminCreateUser",
  access: "admin",
  input: z.object({
    UserPoolId,
    Username,
    UserAttributes: AttributeList.optional(),
    ValidationData: AttributeList.optional(),
    TemporaryPassword: Password.optional(),
    ForceAliasCreation: z.boolean().optional(),
    MessageAction: z.enum(["RESEND", "SUPPRESS"]).optional(),
    DesiredDeliveryMediums: z.array(DeliveryMedium).max(2).optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminCreateUserResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const policy = pool.settings.Policies.PasswordPolicy;
    if (req.TemporaryPassword !== undefined) deps.passwords.checkPolicy(policy, req.TemporaryPassword);
    const temporaryPassword = req.TemporaryPassword ?? deps.passwords.generateTemporaryPassword(policy);
    // Cognito's default medium is SMS, which this server cannot send; e-mail is used whenever it is possible.
    const sendEmail =
      req.MessageAction !== "SUPPRESS" &&
      (req.DesiredDeliveryMediums === undefined || req.DesiredDeliveryMediums.includes("EMAIL"));

    if (req.MessageAction === "RESEND") {
      const user = await deps.users.get(pool, req.Username);
      if (user.status !== "FORCE_CHANGE_PASSWORD")
        throw new UnsupportedUserStateException("Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.");
      const credentials = deps.passwords.createCredentials(pool.id, user.id, user.username, temporaryPassword);
      const updated =
        (await deps.users.update(pool, user, { ...credentials, passwordSetAt: deps.clock.now().getTime() })) ?? user;
      if (sendEmail) await deps.messages.sendInvitation({ pool, user: updated, temporaryPassword });
      return { User: deps.users.toUserType(updated) };
    }

    const sub = deps.random.uuid();
    const name = deps.users.nameForNewUser(pool, req.Username, sub);
    const attributes = {
      ...parseAttributes(pool, req.UserAttributes, { allowVerifiedFlags: true }),
      ...name.impliedAttributes,
    };
    checkRequired(pool, attributes);
    const validationData = Object.fromEntries((req.ValidationData ?? []).map((a) => [a.Name, a.Value ?? ""]));
    const pre = await deps.triggers.preSignUp({
      pool,
      source: "PreSignUp_AdminCreateUser",
      username: name.username,
      attributes,
      validationData,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    // The account stays FORCE_CHANGE_PASSWORD whatever autoConfirmUser says; the verify flags apply.
    if (pre.autoVerifyEmail && attributes.email) attributes.email_verified = "true";
    if (pre.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = "true";
    const credentials = deps.passwords.createCredentials(pool.id, sub, name.username, temporaryPassword);
    const create = () =>
      deps.users.create(pool, {
        id: sub,
        username: name.username,
        status: "FORCE_CHANGE_PASSWORD",
        attributes,
        credentials,
      });
    let user: UserRow;
    try {
      user = await create();
    } catch (e) {
      // ForceAliasCreation moves a verified e-mail/phone alias from its current holder to the new user.
      if (!(e instanceof AliasExistsException) || !req.ForceAliasCreation) throw e;
      for (const t of ["email", "phone_number"] as const)
        if (attributes[t]) await deps.users.takeAlias(pool, t, attributes[t]);
      user = await create();
    }
    if (sendEmail) await deps.messages.sendInvitation({ pool, user, temporaryPassword });
    return { User: deps.users.toUserType(user) };
  },
});
