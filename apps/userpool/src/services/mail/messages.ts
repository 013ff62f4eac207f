/**
 * Every user-facing message is rendered here, from the pool's templates, and handed to the Mailer.
 * The CustomMessage trigger seam sits in this one place too.
 */
import type { CodeDeliveryDetailsType } from "@aws-sdk/client-cognito-identity-provider";
import { CodeDeliveryFailureException } from "../../errors/cognitoErrors.js";
import { type Html, html, joinHtml, raw } from "../../html.js";
import type { UserRow } from "../../store/index.js";
import type { Client, Pool } from "../pools.js";
import type { CustomMessageSource, Triggers } from "../triggers.js";
import type { PublicUrls } from "../urls.js";
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

export class MessageService {
  constructor(private readonly deps: { mailer: Mailer; triggers: Triggers; urls: PublicUrls }) {}

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
    const custom = await this.deps.triggers.customMessage({
      pool: i.pool,
      ...(i.client ? { client: i.client } : {}),
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      source: i.source,
      user: i.user,
      codeParameter: CODE,
      usernameParameter: USERNAME,
    });
    if (custom?.subject) subject = custom.subject;
    if (custom?.message) body = custom.message;
    await this.deliver(to, subject, renderTemplate(body, { code: i.code, username, ...(link ? { link } : {}) }));
    return { Destination: maskEmail(to), DeliveryMedium: "EMAIL", AttributeName: "email" };
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
  }): Promise<CodeDeliveryDetailsType> {
    const to = i.user.attributes.email;
    if (!to) throw new CodeDeliveryFailureException("The user has no email address to deliver the code to.");
    let { Subject: subject, Message: body } = i.template;
    const custom = await this.deps.triggers.customMessage({
      pool: i.pool,
      client: i.client,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      source: "CustomMessage_Authentication",
      user: i.user,
      codeParameter: CODE,
      usernameParameter: USERNAME,
    });
    if (custom?.subject) subject = custom.subject;
    if (custom?.message) body = custom.message;
    await this.deliver(to, subject, renderTemplate(body, { code: i.code, username: signInName(i.pool, i.user) }));
    return { Destination: maskEmail(to), DeliveryMedium: "EMAIL", AttributeName: "email" };
  }

  /** AdminCreateUser's invitation with the temporary password. */
  async sendInvitation(i: { pool: Pool; user: UserRow; temporaryPassword: string }): Promise<void> {
    const to = i.user.attributes.email;
    if (!to) return;
    const t = i.pool.settings.AdminCreateUserConfig.InviteMessageTemplate;
    let subject = t.EmailSubject;
    let body = t.EmailMessage;
    const custom = await this.deps.triggers.customMessage({
      pool: i.pool,
      source: "CustomMessage_AdminCreateUser",
      user: i.user,
      codeParameter: CODE,
      usernameParameter: USERNAME,
    });
    if (custom?.subject) subject = custom.subject;
    if (custom?.message) body = custom.message;
    await this.deliver(
      to,
      subject,
      renderTemplate(body, { code: i.temporaryPassword, username: signInName(i.pool, i.user) }),
    );
  }

  private async deliver(to: string, subject: string, body: { text: string; html: string }): Promise<void> {
    try {
      await this.deps.mailer.send({ to, subject, text: body.text, html: body.html });
    } catch (err) {
      // The translator logs the cause with the request; the message body (it holds a code) is not in it.
      throw new CodeDeliveryFailureException("Unable to deliver the message.", { cause: err });
    }
  }
}
