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
import { codeFactors, firstAuthFactors } from "../services/poolSettings.js";
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
    // Blank is how a caller asks for a user without a password, where the pool allows one.
    TemporaryPassword: z.union([z.literal(""), Password]).optional(),
    ForceAliasCreation: z.boolean().optional(),
    MessageAction: z.enum(["RESEND", "SUPPRESS"]).optional(),
    DesiredDeliveryMediums: z.array(DeliveryMedium).max(2).optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminCreateUserResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const policy = pool.settings.Policies.PasswordPolicy;
    const given = req.TemporaryPassword || undefined;
    if (given !== undefined) deps.passwords.checkPolicy(policy, given, "other");
    // "To create a user with no password, omit this parameter or submit a blank value. You can only create a
    // passwordless user when passwordless sign-in is available"; without one, "Amazon Cognito generates one
    // for you unless you have passwordless options active" (API reference, AdminCreateUser TemporaryPassword).
    // Active means a code first factor, as for SignUp (ADR 0027): a passkey needs a signed-in user to register.
    const passwordless = codeFactors(firstAuthFactors(pool.settings)).length > 0;
    if (req.TemporaryPassword === "" && !passwordless)
      throw new InvalidParameterException(
        "TemporaryPassword cannot be blank: the user pool's sign-in policy allows no passwordless first factor " +
          "(EMAIL_OTP, SMS_OTP).",
      );
    const temporaryPassword = given ?? (passwordless ? undefined : deps.passwords.generateTemporaryPassword(policy));
    // Each medium asked for is sent, or the request fails (never a silent drop). Without
    // DesiredDeliveryMediums Cognito's default is SMS; see invitationMediums for ours.
    const invite = async (user: UserRow, password: string | undefined) => {
      const mediums = invitationMediums(req.DesiredDeliveryMediums, user);
      if (req.MessageAction === "SUPPRESS" || !mediums.length) return;
      await deps.messages.sendInvitation({
        pool,
        user,
        ...(password !== undefined ? { temporaryPassword: password } : {}),
        mediums,
        ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
      });
    };

    if (req.MessageAction === "RESEND") {
      const user = await deps.users.get(pool, req.Username);
      if (user.status !== "FORCE_CHANGE_PASSWORD")
        throw new UnsupportedUserStateException("Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.");
      // The user has a password to replace, so it gets a new one, passwordless pool or not.
      const resent = temporaryPassword ?? deps.passwords.generateTemporaryPassword(policy);
      const credentials = deps.passwords.createCredentials(pool.id, user.id, user.username, resent);
      const updated =
        (await deps.users.update(pool, user, { ...credentials, passwordSetAt: deps.clock.now().getTime() })) ?? user;
      await invite(updated, resent);
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
    const credentials =
      temporaryPassword === undefined
        ? undefined
        : deps.passwords.createCredentials(pool.id, sub, name.username, temporaryPassword);
    // "If the user has a password, they will be in the FORCE_CHANGE_PASSWORD state" (API reference,
    // AdminCreateUser); one without has no password to change and signs in with a code: CONFIRMED (ADR 0027).
    const create = () =>
      deps.users
        .create(pool, {
          id: sub,
          username: name.username,
          status: credentials ? "FORCE_CHANGE_PASSWORD" : "CONFIRMED",
          attributes,
          ...(credentials ? { credentials } : {}),
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
    await invite(user, temporaryPassword);
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
