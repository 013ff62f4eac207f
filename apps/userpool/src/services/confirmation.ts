import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import { AliasExistsException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { UserRow } from "../store/index.js";
import { aliasKey } from "./attributes.js";
import { LINK_TOKEN_SHAPE, SIGN_UP_CODE_TTL_MS, type CodeService } from "./codes.js";
import type { MessageService } from "./mail/messages.js";
import type { Client, Pool } from "./pools.js";
import type { Triggers } from "./triggers.js";
import type { UserExistenceService } from "./userExistence.js";
import type { UserService } from "./users.js";

/**
 * The attribute a sign-up code goes to (and that confirming it verifies): the phone number when the
 * pool auto-verifies phone numbers and the user has one, else the e-mail when the pool auto-verifies
 * e-mail. With both, Cognito verifies only the phone number (developer guide, "Configuring email or
 * phone verification"). Undefined: the pool sends no sign-up code to this user.
 */
export function signUpChannel(
  pool: Pool,
  user: { attributes: Record<string, string> },
): "phone_number" | "email" | undefined {
  const auto = pool.settings.AutoVerifiedAttributes;
  if (auto.includes("phone_number") && user.attributes.phone_number) return "phone_number";
  if (auto.includes("email") && user.attributes.email) return "email";
  return undefined;
}

/** What a /confirmUser link did. Anything but "invalid" is only seen by someone holding a token that was issued. */
export type LinkConfirmation = "confirmed" | "alreadyConfirmed" | "expired" | "superseded" | "invalid";

interface ConfirmInput {
  pool: Pool;
  client: Client;
  user: UserRow;
  forceAliasCreation?: boolean;
  clientMetadata?: Record<string, string>;
}

/**
 * Sign-up confirmation, by ConfirmSignUp (a 6-digit code) or by the /confirmUser link of a
 * CONFIRM_WITH_LINK e-mail: mark the account CONFIRMED and the address the message went to as
 * verified, then PostConfirmation.
 *
 * The link carries its own 256-bit single-use token, not the 6-digit code Cognito's link carries:
 * a GET endpoint that confirms with a 6-digit code invites guessing at line rate, and its only
 * brake would be a per-user quota that an attacker spends for the owner (docs/adr/0001).
 */
export class ConfirmationService {
  constructor(
    private readonly deps: {
      codes: CodeService;
      users: UserService;
      triggers: Triggers;
      messages: MessageService;
      existence: UserExistenceService;
    },
  ) {}

  /**
   * Sends the sign-up verification message: a new code and, when the pool verifies by link, a new
   * link token beside it (the template may show both). Older ones stop working.
   */
  async sendVerification(i: {
    pool: Pool;
    client: Client;
    user: UserRow;
    source: "CustomMessage_SignUp" | "CustomMessage_ResendCode";
    clientMetadata?: Record<string, string>;
  }): Promise<CodeDeliveryDetailsType> {
    const { pool, user } = i;
    const code = await this.deps.codes.issue(pool.id, user.id, "SIGN_UP", SIGN_UP_CODE_TTL_MS);
    // Links are an e-mail form only; a phone number gets the code by text.
    if (signUpChannel(pool, user) === "phone_number") return this.deps.messages.sendSmsCode({ ...i, code });
    const byLink = pool.settings.VerificationMessageTemplate.DefaultEmailOption === "CONFIRM_WITH_LINK";
    const linkToken = byLink ? await this.deps.codes.issueLinkToken(pool.id, user.id, SIGN_UP_CODE_TTL_MS) : undefined;
    return this.deps.messages.sendVerification({ ...i, code, ...(linkToken ? { linkToken } : {}) });
  }

  /** ConfirmSignUp: the 6-digit code. */
  async confirmSignUp(i: ConfirmInput & { code: string }): Promise<UserRow> {
    this.assertUnconfirmed(i.user);
    await this.assertAliasFree(i);
    await this.deps.codes.consume(i.pool.id, i.user.id, "SIGN_UP", i.code);
    return this.complete(i);
  }

  /**
   * GET /confirmUser. An unknown user, a token never issued to the user, and a malformed token all
   * give "invalid" after the same lookup; the other outcomes need a token that was once valid.
   */
  async confirmByLink(i: {
    pool: Pool;
    client: Client;
    user: UserRow | undefined;
    typedName: string;
    token: string;
  }): Promise<LinkConfirmation> {
    if (!LINK_TOKEN_SHAPE.test(i.token)) return "invalid";
    const subject = i.user?.id ?? this.deps.existence.unknownSubject(i.pool, i.typedName);
    const state = await this.deps.codes.linkTokenState(i.pool.id, subject, i.token);
    if (!i.user || state === "invalid") return "invalid";
    if (i.user.status !== "UNCONFIRMED") return "alreadyConfirmed";
    if (state === "expired") return "expired";
    if (state === "used") return "superseded";
    const input = { pool: i.pool, client: i.client, user: i.user };
    // Before the token is used up, so that the owner can retry once the address is free.
    await this.assertAliasFree(input);
    if (!(await this.deps.codes.consumeLinkToken(i.pool.id, i.user.id, i.token))) return "superseded";
    await this.complete(input);
    return "confirmed";
  }

  private assertUnconfirmed(user: UserRow): void {
    if (user.status !== "UNCONFIRMED")
      throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  }

  /** With e-mail or phone as an *alias*, confirming makes it one; refuse if someone else holds it (unless forced). */
  private async assertAliasFree(i: ConfirmInput): Promise<void> {
    const { pool, user } = i;
    const channel = signUpChannel(pool, user);
    const value = channel ? user.attributes[channel] : undefined;
    if (!channel || !value || !pool.settings.AliasAttributes?.includes(channel) || i.forceAliasCreation) return;
    const holder = await this.deps.users.resolve(pool, value);
    if (
      holder &&
      holder.id !== user.id &&
      aliasKey(channel, holder.attributes[channel] ?? "") === aliasKey(channel, value)
    ) {
      throw new AliasExistsException(
        channel === "email"
          ? "An account with the given email already exists."
          : "An account with the given phone_number already exists.",
      );
    }
  }

  /** The code or token was right: CONFIRMED, the address verified, PostConfirmation. */
  private async complete(i: ConfirmInput): Promise<UserRow> {
    const { pool, user } = i;
    const channel = signUpChannel(pool, user);
    if (channel && i.forceAliasCreation && pool.settings.AliasAttributes?.includes(channel))
      await this.deps.users.takeAlias(pool, channel, user.attributes[channel] ?? "");
    const attributes = channel ? { ...user.attributes, [`${channel}_verified`]: "true" } : user.attributes;
    const updated = await this.deps.users.update(
      pool,
      user,
      { status: "CONFIRMED", attributes },
      { expectStatus: "UNCONFIRMED" },
    );
    if (!updated) throw new NotAuthorizedException("User cannot be confirmed. Current status is CONFIRMED");
    await this.deps.triggers.postConfirmation({
      pool,
      client: i.client,
      source: "PostConfirmation_ConfirmSignUp",
      user: updated,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    return updated;
  }
}
