import type { AdminCreateUserRequest, AdminCreateUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import {
  AliasExistsException,
  InvalidParameterException,
  UnsupportedUserStateException,
  UsernameExistsException,
} from "../errors/cognitoErrors.js";
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
    if (req.TemporaryPassword !== undefined) deps.passwords.checkPolicy(policy, req.TemporaryPassword, "other");
    const temporaryPassword = req.TemporaryPassword ?? deps.passwords.generateTemporaryPassword(policy);
    // Each medium asked for is sent, or the request fails (never a silent drop). Without
    // DesiredDeliveryMediums Cognito's default is SMS; see invitationMediums for ours.
    const invite = async (user: UserRow) => {
      const mediums = invitationMediums(req.DesiredDeliveryMediums, user);
      if (req.MessageAction === "SUPPRESS" || !mediums.length) return;
      await deps.messages.sendInvitation({
        pool,
        user,
        temporaryPassword,
        mediums,
        ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
      });
    };

    if (req.MessageAction === "RESEND") {
      const user = await deps.users.get(pool, req.Username);
      if (user.status !== "FORCE_CHANGE_PASSWORD")
        throw new UnsupportedUserStateException("Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.");
      const credentials = deps.passwords.createCredentials(pool.id, user.id, user.username, temporaryPassword);
      const updated =
        (await deps.users.update(pool, user, { ...credentials, passwordSetAt: deps.clock.now().getTime() })) ?? user;
      await invite(updated);
      return { User: deps.users.toUserType(updated) };
    }

    const sub = deps.random.uuid();
    const name = deps.users.nameForNewUser(pool, req.Username, sub);
    const attributes = {
      ...parseAttributes(pool, req.UserAttributes, { allowVerifiedFlags: true }),
      ...name.impliedAttributes,
    };
    checkRequired(pool, attributes);
    // Before the user exists: an invitation that cannot go out fails the request, not half of it.
    if (req.MessageAction !== "SUPPRESS")
      for (const [medium, name] of [
        ["SMS", "phone_number"],
        ["EMAIL", "email"],
      ] as const)
        if (req.DesiredDeliveryMediums?.includes(medium) && !attributes[name])
          throw new InvalidParameterException(
            `DesiredDeliveryMediums ${medium}: the user has no ${name} to send the invitation to.`,
          );
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
      deps.users
        .create(pool, {
          id: sub,
          username: name.username,
          status: "FORCE_CHANGE_PASSWORD",
          attributes,
          credentials,
        })
        .catch((e: unknown) => {
          // AdminCreateUser words a taken username its own way, not as SignUp does ("User already exists"),
          // as Cognito users report it (e.g. localstack#4465); a taken e-mail username keeps the e-mail wording.
          if (e instanceof UsernameExistsException && !pool.settings.UsernameAttributes?.includes("email"))
            throw new UsernameExistsException("User account already exists");
          throw e;
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
    await invite(user);
    return { User: deps.users.toUserType(user) };
  },
});

/**
 * The media of the invitation. Asked for: exactly those (a medium the user has no address for is
 * refused by MessageService). Not asked for: Cognito defaults to SMS (API reference,
 * AdminCreateUser); a user without a phone number gets it by e-mail instead, which the tutorial's
 * e-mail-only pools rely on, and a user with neither gets none (docs/userpool/differences.md).
 */
function invitationMediums(asked: ("EMAIL" | "SMS")[] | undefined, user: UserRow): ("EMAIL" | "SMS")[] {
  if (asked?.length) return [...new Set(asked)];
  if (user.attributes.phone_number) return ["SMS"];
  if (user.attributes.email) return ["EMAIL"];
  return [];
}
