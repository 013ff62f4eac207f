import type { Transporter } from "nodemailer";
import type { Mailer, OutgoingMail } from "./mailer.js";

/** Production mailer: SMTP through nodemailer (`SMTP_URL`, e.g. smtps://user:pass@smtp.example.com). */
export class SmtpMailer implements Mailer {
  /** nodemailer loads only when SMTP is configured: the development mailbox needs none of it. */
  static async create(smtpUrl: string, from: string): Promise<SmtpMailer> {
    const { default: nodemailer } = await import("nodemailer");
    return new SmtpMailer(nodemailer.createTransport(smtpUrl), from);
  }

  private constructor(
    private readonly transport: Transporter,
    private readonly from: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: mail.from ?? this.from,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  }

  close(): void {
    this.transport.close();
  }
}
