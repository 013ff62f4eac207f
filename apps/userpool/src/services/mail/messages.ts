/**
 * Every user-facing message is rendered here, from the pool's templates, and handed to the Mailer
 * (e-mail) or to `services.sms` (text messages). The CustomMessage trigger seam sits in this one place too, and
 * so do the custom sender triggers: with CustomEmailSender / CustomSMSSender configured, the channel's code goes
 * to the trigger (encrypted) instead, and neither the template nor CustomMessage is used for that channel.
 */
import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import { CodeDeliveryFailureException, InvalidParameterException } from "../../errors/cognitoErrors.js";
import { type Html, html, joinHtml, raw } from "../../html.js";
import type { UserRow } from "../../store/index.js";
import type { LogDeliveryService } from "../logDelivery.js";
import { DEFAULT_CODE_MESSAGE, DEFAULT_CODE_SUBJECT } from "../poolSettings.js";
import type { Client, Pool } from "../pools.js";
import type { CustomMessageSource, SenderChannel, Triggers } from "../triggers.js";
import type { PublicUrls } from "../urls.js";
import type { SmsDelivery, SmsKind } from "../sms/sms.js";
import type { Mailer } from "./mailer.js";

const CODE = "{####}";
const USERNAME = "{username}";
// Cognito's link placeholder: {##<link text>##}.
const LINK = /\{##([\s\S]*?)##\}/g;

/** "t***@e***", the way Cognito masks CodeDeliveryDetails.Destination. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***@${email[at + 1] ?? ""}***`;
}

/**
 * "+*******0100", the way Cognito masks a phone number in CodeDeliveryDetails.Destination: the "+",
 * a star for each digit but the last four, then those four.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, "");
  if (digits.length <= 4) return `+${"*".repeat(digits.length)}`;
  return `+${"*".repeat(digits.length - 4)}${digits.slice(-4)}`;
}

// Cognito's default texts (what a pool created without SMS templates sends).
const DEFAULT_SMS_VERIFICATION = "Your verification code is {####}. ";
const DEFAULT_SMS_AUTHENTICATION = "Your authentication code is {####}. ";
const DEFAULT_SMS_INVITATION = "Your username is {username} and temporary password is {####}. ";
// A user without a password: the guide says the default invitation then has no {####} (developer guide,
// "Things to know about authentication with user pools"); its words are ours (ADR 0027).
const PASSWORDLESS_INVITATION = "Your username is {username}. Sign in with a code sent to you. ";
const PASSWORDLESS_INVITATION_SUBJECT = "Your account";
const DEFAULT_INVITATION_SUBJECT = "Your temporary password";
const DEFAULT_RESET_SUBJECT = "Reset your password";
const DEFAULT_RESET_MESSAGE =
  "Your password reset code is {####}. If you did not ask to reset your password, you can ignore this email. ";

/** The SmsKind of each CustomMessage source. */
const SMS_KIND: Record<CustomMessageSource, SmsKind> = {
  CustomMessage_SignUp: "sign-up",
  CustomMessage_ResendCode: "resend-code",
  CustomMessage_ForgotPassword: "forgot-password",
  CustomMessage_UpdateUserAttribute: "update-attribute",
  CustomMessage_VerifyUserAttribute: "verify-attribute",
  CustomMessage_AdminCreateUser: "invitation",
  CustomMessage_Authentication: "authentication",
};

/**
 * The pool's text for a source: SmsAuthenticationMessage for MFA codes, the invitation's SMSMessage,
 * else the verification SMS (VerificationMessageTemplate.SmsMessage, which SmsVerificationMessage
 * fills when it is absent; developer guide, "Message templates").
 */
export function smsTemplate(pool: Pool, source: CustomMessageSource): string {
  const s = pool.settings;
  if (source === "CustomMessage_AdminCreateUser")
    return s.AdminCreateUserConfig.InviteMessageTemplate.SMSMessage ?? DEFAULT_SMS_INVITATION;
  if (source === "CustomMessage_Authentication")
    return (s as { SmsAuthenticationMessage?: string }).SmsAuthenticationMessage ?? DEFAULT_SMS_AUTHENTICATION;
  return s.VerificationMessageTemplate.SmsMessage ?? s.SmsVerificationMessage ?? DEFAULT_SMS_VERIFICATION;
}

/** The name a user signs in with, for {username}: the e-mail when it is the username, else the username. */
export function signInName(pool: Pool, user: UserRow): string {
  if (pool.settings.UsernameAttributes?.includes("email") && user.attributes.email) return user.attributes.email;
  if (pool.settings.UsernameAttributes?.includes("phone_number") && user.attributes.phone_number)
    return user.attributes.phone_number;
  return user.username;
}

/** Substitutes {####}, {username} and {##text##} into plain text and into HTML (values escaped). */
export function renderTemplate(
  template: string,
  vars: { code?: string; username?: string; link?: string },
): { text: string; html: string } {
  let out = template;
  if (vars.code !== undefined) out = out.split(CODE).join(vars.code);
  if (vars.username !== undefined) out = out.split(USERNAME).join(vars.username);
  const link = vars.link;
  if (link === undefined) return { text: out, html: lines(out).toString() };
  // split() with LINK's capturing group keeps each link text, at the odd indexes.
  const parts = out.split(LINK).map((part, i) => (i % 2 ? html`<a href="${link}">${lines(part)}</a>` : lines(part)));
  return { text: out.replace(LINK, (_m, label: string) => `${label}: ${link}`), html: joinHtml(parts).toString() };
}

/** Text as HTML, its line breaks kept. */
function lines(text: string): Html {
  return joinHtml(text.split("\n"), raw("<br>\n"));
}

const emailDelivery = (to: string): CodeDeliveryDetailsType => ({
  Destination: maskEmail(to),
  DeliveryMedium: "EMAIL",
  AttributeName: "email",
});
const smsDelivery = (to: string): CodeDeliveryDetailsType => ({
  Destination: maskPhone(to),
  DeliveryMedium: "SMS",
  AttributeName: "phone_number",
});

export class MessageService {
  constructor(
    private readonly deps: {
      mailer: Mailer;
      sms: SmsDelivery;
      triggers: Triggers;
      urls: PublicUrls;
      /** userNotification logs of failed deliveries (SetLogDeliveryConfiguration). */
      logDelivery?: Pick<LogDeliveryService, "record">;
    },
  ) {}

  /**
   * Texts a code (or, for CustomMessage_AdminCreateUser, the temporary password) to the user's phone
   * number, or to `to`, from the pool's SMS template or the CustomMessage trigger's smsMessage, and
   * returns where it went as Cognito reports it. MFA codes use source CustomMessage_Authentication.
   */
  async sendSmsCode(i: {
    pool: Pool;
    client?: Client;
    user: UserRow;
    code: string;
    source: CustomMessageSource;
    clientMetadata?: Record<string, string>;
    /** Another number than the user's phone_number (a new number waiting for verification). */
    to?: string;
  }): Promise<CodeDeliveryDetailsType> {
    const to = i.to ?? i.user.attributes.phone_number;
    if (!to) throw new CodeDeliveryFailureException("The user has no phone number to deliver the code to.");
    if (await this.customSender("sms", i, to, i.code, i.source)) return smsDelivery(to);
    let body = smsTemplate(i.pool, i.source);
    const custom = await this.customMessage({
      pool: i.pool,
      ...(i.client ? { client: i.client } : {}),
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      source: i.source,
      user: i.user,
    });
    if (custom?.smsMessage) body = custom.smsMessage;
    return this.text(i.pool, i.user, to, body, i.code, i.source);
  }

  private async text(
    pool: Pool,
    user: UserRow,
    to: string,
    body: string,
    code: string,
    source: CustomMessageSource,
  ): Promise<CodeDeliveryDetailsType> {
    const { text } = renderTemplate(body, { code, username: signInName(pool, user) });
    await this.deps.sms.send(pool, { to, text, kind: SMS_KIND[source] });
    return smsDelivery(to);
  }

  /**
   * Sends the sign-up verification e-mail, as a code or as a link according to the pool's
   * VerificationMessageTemplate.DefaultEmailOption.
   */
  async sendVerification(i: {
    pool: Pool;
    /** Absent for admin operations (AdminResetUserPassword), which send codes only. */
    client?: Client;
    user: UserRow;
    code: string;
    /** The /confirmUser token; required when the message goes by link. */
    linkToken?: string;
    source: CustomMessageSource;
    clientMetadata?: Record<string, string>;
    /** Another address than the user's e-mail (a new address waiting for verification). */
    to?: string;
    /** Always a code, never a link (ForgotPassword and attribute verification have no link form). */
    codeOnly?: boolean;
  }): Promise<CodeDeliveryDetailsType> {
    const to = i.to ?? i.user.attributes.email;
    if (!to) throw new CodeDeliveryFailureException("The user has no email address to deliver the code to.");
    // The sender gets the code even where the template would send a link: the event has no link member.
    if (await this.customSender("email", i, to, i.code, i.source)) return emailDelivery(to);
    const t = i.pool.settings.VerificationMessageTemplate;
    const byLink = !i.codeOnly && !!i.client && t.DefaultEmailOption === "CONFIRM_WITH_LINK";
    if (byLink && !i.linkToken) throw new Error("a verification message by link needs a link token");
    const link =
      byLink && i.client && i.linkToken
        ? this.deps.urls.confirmUserLink({ clientId: i.client.id, username: i.user.username, code: i.linkToken })
        : undefined;
    const username = signInName(i.pool, i.user);
    let subject = byLink ? t.EmailSubjectByLink : t.EmailSubject;
    let body = byLink ? t.EmailMessageByLink : t.EmailMessage;
    // Cognito sends a password reset with the verification template, so its default subject says "verification
    // code" to someone who asked for a reset. Our default says what it is (ADR 0046); a pool's own text stays.
    if (i.source === "CustomMessage_ForgotPassword") {
      if (subject === DEFAULT_CODE_SUBJECT) subject = DEFAULT_RESET_SUBJECT;
      if (body === DEFAULT_CODE_MESSAGE) body = DEFAULT_RESET_MESSAGE;
    }
    const custom = await this.customMessage({
      pool: i.pool,
      ...(i.client ? { client: i.client } : {}),
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      source: i.source,
      user: i.user,
    });
    if (custom?.subject) subject = custom.subject;
    if (custom?.message) body = custom.message;
    await this.deliver(
      i.pool,
      to,
      subject,
      renderTemplate(body, { code: i.code, username, ...(link ? { link } : {}) }),
    );
    return emailDelivery(to);
  }

  /**
   * An MFA sign-in code by e-mail (EMAIL_OTP), from the pool's EmailMfaConfiguration or the defaults;
   * the CustomMessage trigger sees it as CustomMessage_Authentication.
   */
  async sendAuthenticationCode(i: {
    pool: Pool;
    client: Client;
    user: UserRow;
    code: string;
    template: { Message: string; Subject: string };
    clientMetadata?: Record<string, string>;
    /** Another address than the user's e-mail (one being set up for e-mail MFA, not yet the user's). */
    to?: string;
  }): Promise<CodeDeliveryDetailsType> {
    const to = i.to ?? i.user.attributes.email;
    if (!to) throw new CodeDeliveryFailureException("The user has no email address to deliver the code to.");
    if (await this.customSender("email", i, to, i.code, "CustomMessage_Authentication")) return emailDelivery(to);
    let { Subject: subject, Message: body } = i.template;
    const custom = await this.customMessage({
      pool: i.pool,
      client: i.client,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      source: "CustomMessage_Authentication",
      user: i.user,
    });
    if (custom?.subject) subject = custom.subject;
    if (custom?.message) body = custom.message;
    await this.deliver(
      i.pool,
      to,
      subject,
      renderTemplate(body, { code: i.code, username: signInName(i.pool, i.user) }),
    );
    return emailDelivery(to);
  }

  /**
   * AdminCreateUser's invitation with the temporary password, by each medium asked for. A medium the
   * user has no address for is refused (InvalidParameterException) before anything is sent: an
   * invitation asked for is never silently dropped. Without a temporary password (a passwordless user),
   * a template that holds {####} is replaced by the passwordless default, which has none (ADR 0027).
   */
  async sendInvitation(i: {
    pool: Pool;
    user: UserRow;
    temporaryPassword?: string;
    mediums: readonly ("EMAIL" | "SMS")[];
    clientMetadata?: Record<string, string>;
  }): Promise<void> {
    const { pool, user } = i;
    const phone = i.mediums.includes("SMS") ? user.attributes.phone_number : undefined;
    const email = i.mediums.includes("EMAIL") ? user.attributes.email : undefined;
    if (i.mediums.includes("SMS") && !phone)
      throw new InvalidParameterException(
        "DesiredDeliveryMediums SMS: the user has no phone_number to send the invitation to.",
      );
    if (i.mediums.includes("EMAIL") && !email)
      throw new InvalidParameterException(
        "DesiredDeliveryMediums EMAIL: the user has no email to send the invitation to.",
      );
    const source = "CustomMessage_AdminCreateUser";
    const password = i.temporaryPassword;
    // Each medium with a custom sender gets the temporary password there (an empty code for a passwordless
    // user: the sender still owns the invitation); the rest goes out as usual.
    let sms = phone;
    let mail = email;
    if (sms && (await this.customSender("sms", i, sms, password ?? "", source))) sms = undefined;
    if (mail && (await this.customSender("email", i, mail, password ?? "", source))) mail = undefined;
    if (!sms && !mail) return;
    // One trigger call answers for both media, as Cognito's event carries smsMessage and emailMessage.
    const custom = await this.customMessage({
      pool,
      source: "CustomMessage_AdminCreateUser",
      user,
      ...(password === undefined ? { withoutCode: true } : {}),
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    // A password template cannot serve a user without a password: its {####} would stand for nothing.
    const passwordlessFit = (template: string, passwordless: string) =>
      password === undefined && template.includes(CODE) ? passwordless : template;
    if (sms) {
      const template = passwordlessFit(custom?.smsMessage ?? smsTemplate(pool, source), PASSWORDLESS_INVITATION);
      await this.text(pool, user, sms, template, password ?? "", source);
    }
    if (!mail) return;
    const t = pool.settings.AdminCreateUserConfig.InviteMessageTemplate;
    const body = passwordlessFit(custom?.message || t.EmailMessage, PASSWORDLESS_INVITATION);
    // Cognito's default subject ("Your temporary password") would be wrong too; a pool's own subject stays.
    const subject =
      custom?.subject ||
      (password === undefined && t.EmailSubject === DEFAULT_INVITATION_SUBJECT ? PASSWORDLESS_INVITATION_SUBJECT : "");
    await this.deliver(
      pool,
      mail,
      subject || t.EmailSubject,
      renderTemplate(body, { code: password ?? "", username: signInName(pool, user) }),
    );
  }

  /**
   * The pool's custom sender for `channel`, if it has one, gets the code instead of the mailer / SMS service.
   * The event's address attribute is where the code goes (`to`: e.g. a new address awaiting verification).
   */
  private customSender(
    channel: SenderChannel,
    i: { pool: Pool; client?: Client; user: UserRow; clientMetadata?: Record<string, string> },
    to: string,
    code: string,
    source: CustomMessageSource,
  ): Promise<boolean> {
    const attribute = channel === "email" ? "email" : "phone_number";
    const user =
      i.user.attributes[attribute] === to
        ? i.user
        : { ...i.user, attributes: { ...i.user.attributes, [attribute]: to } };
    return this.deps.triggers.customSender({
      pool: i.pool,
      ...(i.client ? { client: i.client } : {}),
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      channel,
      source,
      user,
      code,
    });
  }

  /** The CustomMessage trigger with Cognito's placeholders for the code and the username. */
  private customMessage(event: Omit<Parameters<Triggers["customMessage"]>[0], "codeParameter" | "usernameParameter">) {
    return this.deps.triggers.customMessage({ ...event, codeParameter: CODE, usernameParameter: USERNAME });
  }

  private async deliver(pool: Pool, to: string, subject: string, body: { text: string; html: string }): Promise<void> {
    // The pool's sender and reply-to addresses (EmailConfiguration.From / ReplyToEmailAddress) override the
    // server's USERPOOL_MAIL_FROM, as they override Cognito's no-reply address.
    const { From: from, ReplyToEmailAddress: replyTo } = pool.settings.EmailConfiguration ?? {};
    try {
      await this.deps.mailer.send({
        to,
        subject,
        text: body.text,
        html: body.html,
        ...(from ? { from } : {}),
        ...(replyTo ? { replyTo } : {}),
      });
    } catch (err) {
      await this.deps.logDelivery?.record(pool, "userNotification", "ERROR", {
        deliveryChannel: "EMAIL",
        destination: maskEmail(to),
        error: (err as Error).name || "Error",
      });
      // The translator logs the cause with the request; the message body (it holds a code) is not in it.
      throw new CodeDeliveryFailureException("Unable to deliver the message.", { cause: err });
    }
  }
}
