import { describe, expect, it } from "vitest";
import { CodeDeliveryFailureException, InvalidParameterException } from "../../errors/cognitoErrors.js";
import type { UserRow } from "../../store/index.js";
import type { Pool } from "../pools.js";
import { noTriggers, type SenderChannel, type Triggers } from "../triggers.js";
import type { PublicUrls } from "../urls.js";
import { normalizePoolSettings } from "../poolSettings.js";
import type { SmsMessage } from "../sms/sms.js";
import type { OutgoingMail } from "./mailer.js";
import { MessageService, maskPhone, renderTemplate } from "./messages.js";

describe("renderTemplate", () => {
  it("substitutes the placeholders, escaping the values and the template in the HTML part only", () => {
    const out = renderTemplate("Hi {username} & co,\ncode {####}\n{##Confirm <here>##}", {
      code: "12<3",
      username: `o'brien "x"`,
      link: "https://auth.example.com/confirmUser?a=1&b=2",
    });
    expect(out.text).toBe(
      `Hi o'brien "x" & co,\ncode 12<3\nConfirm <here>: https://auth.example.com/confirmUser?a=1&b=2`,
    );
    expect(out.html).toBe(
      "Hi o&#39;brien &quot;x&quot; &amp; co,<br>\ncode 12&lt;3<br>\n" +
        '<a href="https://auth.example.com/confirmUser?a=1&amp;b=2">Confirm &lt;here&gt;</a>',
    );
  });

  it("leaves placeholders it has no value for", () => {
    expect(renderTemplate("{####} {username} {##a##}", {})).toEqual({
      text: "{####} {username} {##a##}",
      html: "{####} {username} {##a##}",
    });
  });
});

describe("MessageService", () => {
  it("reports a failed delivery as CodeDeliveryFailureException, with the mailer's error as its cause", async () => {
    const smtp = new Error("535 authentication failed for mailer:hunter2-S3CRET");
    const service = new MessageService({
      mailer: { send: async () => Promise.reject(smtp) },
      sms: { send: async () => Promise.reject(new Error("no text expected")) },
      triggers: noTriggers,
      urls: {} as PublicUrls,
    });
    const pool = {
      settings: { AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: "s", EmailMessage: "{####}" } } },
    } as unknown as Pool;
    const user = { username: "u", attributes: { email: "u@example.com" } } as unknown as UserRow;
    const err = await service
      .sendInvitation({ pool, user, temporaryPassword: "Temp-123", mediums: ["EMAIL"] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodeDeliveryFailureException);
    expect((err as Error).message).toBe("Unable to deliver the message.");
    expect((err as Error).cause).toBe(smtp);
  });
});

describe("text messages", () => {
  const poolOf = (settings: Parameters<typeof normalizePoolSettings>[0] = {}): Pool => ({
    id: "us-east-1_TestPool1",
    name: "p",
    settings: normalizePoolSettings(settings, "us-east-1"),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });
  const user = {
    username: "uname",
    attributes: { email: "u@example.com", phone_number: "+15555550100" },
  } as unknown as UserRow;
  function service(custom?: { smsMessage?: string; message?: string }, senders: SenderChannel[] = []) {
    const texts: SmsMessage[] = [];
    const mails: string[] = [];
    const sources: string[] = [];
    const s = new MessageService({
      mailer: { send: async (m) => void mails.push(m.text) },
      sms: { send: async (_pool, m) => void texts.push(m) },
      triggers: {
        ...noTriggers,
        customMessage: async (ctx: { source: string }) => {
          sources.push(ctx.source);
          return custom;
        },
        customSender: async (ctx) => {
          if (!senders.includes(ctx.channel)) return false;
          const to = ctx.channel === "sms" ? ctx.user.attributes.phone_number : ctx.user.attributes.email;
          sources.push(`${ctx.channel}:${ctx.source}:${to}`);
          return true;
        },
      } as Triggers,
      urls: {} as PublicUrls,
    });
    return { s, texts, mails, sources };
  }

  it("masks phone numbers as Cognito's CodeDeliveryDetails do", () => {
    expect(maskPhone("+15555550100")).toBe("+*******0100");
    expect(maskPhone("+447700900123")).toBe("+********0123");
    expect(maskPhone("+123")).toBe("+***");
  });

  it("texts codes from the pool's templates, else Cognito's defaults", async () => {
    const { s, texts } = service();
    const d = await s.sendSmsCode({ pool: poolOf(), user, code: "123456", source: "CustomMessage_SignUp" });
    expect(d).toEqual({ Destination: "+*******0100", DeliveryMedium: "SMS", AttributeName: "phone_number" });
    await s.sendSmsCode({
      pool: poolOf({ SmsVerificationMessage: "Code {####} for {username}" }),
      user,
      code: "222222",
      source: "CustomMessage_ForgotPassword",
    });
    await s.sendSmsCode({
      pool: poolOf({ SmsVerificationMessage: "old {####}", VerificationMessageTemplate: { SmsMessage: "new {####}" } }),
      user,
      code: "333333",
      source: "CustomMessage_VerifyUserAttribute",
      to: "+15555550199",
    });
    await s.sendSmsCode({
      pool: poolOf({ SmsAuthenticationMessage: "Sign-in code {####}" }),
      user,
      code: "444444",
      source: "CustomMessage_Authentication",
    });
    await s.sendSmsCode({ pool: poolOf(), user, code: "555555", source: "CustomMessage_Authentication" });
    expect(texts).toEqual([
      { to: "+15555550100", text: "Your verification code is 123456. ", kind: "sign-up" },
      { to: "+15555550100", text: "Code 222222 for uname", kind: "forgot-password" },
      { to: "+15555550199", text: "new 333333", kind: "verify-attribute" },
      { to: "+15555550100", text: "Sign-in code 444444", kind: "authentication" },
      { to: "+15555550100", text: "Your authentication code is 555555. ", kind: "authentication" },
    ]);
  });

  it("uses the CustomMessage trigger's smsMessage", async () => {
    const { s, texts, sources } = service({ smsMessage: "Custom {####}", message: "mail {####}" });
    await s.sendSmsCode({ pool: poolOf(), user, code: "123456", source: "CustomMessage_ResendCode" });
    expect(texts.map((t) => t.text)).toEqual(["Custom 123456"]);
    expect(sources).toEqual(["CustomMessage_ResendCode"]);
  });

  it("refuses a user without a phone number", async () => {
    const { s } = service();
    const noPhone = { username: "u", attributes: { email: "u@example.com" } } as unknown as UserRow;
    await expect(
      s.sendSmsCode({ pool: poolOf(), user: noPhone, code: "1", source: "CustomMessage_SignUp" }),
    ).rejects.toBeInstanceOf(CodeDeliveryFailureException);
  });

  it("sends the invitation by each medium asked for, with one trigger call", async () => {
    const pool = poolOf({
      AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: "Hi {username}, password {####}" } },
    });
    const both = service();
    await both.s.sendInvitation({ pool, user, temporaryPassword: "Temp-1!aa", mediums: ["SMS", "EMAIL"] });
    expect(both.texts).toEqual([{ to: "+15555550100", text: "Hi uname, password Temp-1!aa", kind: "invitation" }]);
    expect(both.mails).toEqual(["Your username is uname and temporary password is Temp-1!aa. "]);
    expect(both.sources).toEqual(["CustomMessage_AdminCreateUser"]);

    const smsOnly = service();
    await smsOnly.s.sendInvitation({ pool: poolOf(), user, temporaryPassword: "T-2", mediums: ["SMS"] });
    expect(smsOnly.texts.map((t) => t.text)).toEqual(["Your username is uname and temporary password is T-2. "]);
    expect(smsOnly.mails).toEqual([]);
  });

  it("a custom sender takes its channel's code instead of the template and CustomMessage", async () => {
    const pool = poolOf();
    const smsSender = service(undefined, ["sms"]);
    await smsSender.s.sendInvitation({ pool, user, temporaryPassword: "Temp-1!aa", mediums: ["SMS", "EMAIL"] });
    expect(smsSender.texts).toEqual([]);
    expect(smsSender.mails).toEqual(["Your username is uname and temporary password is Temp-1!aa. "]);
    expect(smsSender.sources).toEqual([
      "sms:CustomMessage_AdminCreateUser:+15555550100",
      "CustomMessage_AdminCreateUser",
    ]);

    const both = service(undefined, ["sms", "email"]);
    await both.s.sendInvitation({ pool, user, temporaryPassword: "Temp-1!aa", mediums: ["SMS", "EMAIL"] });
    expect([both.texts, both.mails]).toEqual([[], []]);
    expect(both.sources).toEqual([
      "sms:CustomMessage_AdminCreateUser:+15555550100",
      "email:CustomMessage_AdminCreateUser:u@example.com",
    ]);

    // A code for another number (one awaiting verification) names that number in the sender's event.
    const details = await both.s.sendSmsCode({
      pool,
      user,
      code: "123456",
      source: "CustomMessage_UpdateUserAttribute",
      to: "+15555550199",
    });
    expect(details).toEqual({ Destination: "+*******0199", DeliveryMedium: "SMS", AttributeName: "phone_number" });
    expect(both.sources.at(-1)).toBe("sms:CustomMessage_UpdateUserAttribute:+15555550199");
    expect(both.texts).toEqual([]);
  });

  it("refuses an invitation medium the user has no address for, sending nothing", async () => {
    const { s, texts, mails } = service();
    const emailOnly = { username: "u", attributes: { email: "u@example.com" } } as unknown as UserRow;
    const err = await s
      .sendInvitation({ pool: poolOf(), user: emailOnly, temporaryPassword: "T", mediums: ["EMAIL", "SMS"] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect((err as Error).message).toMatch(/DesiredDeliveryMediums SMS/);
    expect(texts).toEqual([]);
    expect(mails).toEqual([]);
  });
});

describe("sender addresses", () => {
  const user = { username: "u", attributes: { email: "u@example.com" } } as unknown as UserRow;
  function sentWith(emailConfiguration: Parameters<typeof normalizePoolSettings>[0]["EmailConfiguration"]) {
    const sent: OutgoingMail[] = [];
    const service = new MessageService({
      mailer: { send: async (m) => void sent.push(m) },
      sms: { send: async () => Promise.reject(new Error("no text expected")) },
      triggers: noTriggers,
      urls: {} as PublicUrls,
    });
    const settings = emailConfiguration ? { EmailConfiguration: emailConfiguration } : {};
    const pool: Pool = {
      id: "us-east-1_Sender001",
      name: "p",
      settings: normalizePoolSettings(settings, "us-east-1"),
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    return { service, pool, sent };
  }

  it("sends from the pool's EmailConfiguration.From, with its ReplyToEmailAddress", async () => {
    const { service, pool, sent } = sentWith({
      EmailSendingAccount: "DEVELOPER",
      From: "Authhub <no-reply@example.com>",
      ReplyToEmailAddress: "help@example.com",
    });
    await service.sendVerification({ pool, user, code: "123456", source: "CustomMessage_SignUp", codeOnly: true });
    await service.sendInvitation({ pool, user, temporaryPassword: "Temp-1!aa", mediums: ["EMAIL"] });
    expect(sent.map((m) => [m.from, m.replyTo])).toEqual([
      ["Authhub <no-reply@example.com>", "help@example.com"],
      ["Authhub <no-reply@example.com>", "help@example.com"],
    ]);
  });

  it("leaves the sender to the server's mailer when the pool names none", async () => {
    const { service, pool, sent } = sentWith(undefined);
    await service.sendVerification({ pool, user, code: "123456", source: "CustomMessage_SignUp", codeOnly: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty("from");
    expect(sent[0]).not.toHaveProperty("replyTo");
  });

  it("a password reset with the default template says it is a reset; a pool's own template is used as is", async () => {
    const sentFor = async (settings: Parameters<typeof normalizePoolSettings>[0]) => {
      const sent: OutgoingMail[] = [];
      const service = new MessageService({
        mailer: { send: async (m) => void sent.push(m) },
        sms: { send: async () => Promise.reject(new Error("no text expected")) },
        triggers: noTriggers,
        urls: {} as PublicUrls,
      });
      const pool: Pool = {
        id: "us-east-1_Sender001",
        name: "p",
        settings: normalizePoolSettings(settings, "us-east-1"),
        createdAt: new Date(0),
        updatedAt: new Date(0),
      };
      for (const source of ["CustomMessage_ForgotPassword", "CustomMessage_SignUp"] as const)
        await service.sendVerification({ pool, user, code: "123456", source, codeOnly: true });
      return sent.map((m) => [m.subject, m.text]);
    };
    expect(await sentFor({})).toEqual([
      [
        "Reset your password",
        "Your password reset code is 123456. If you did not ask to reset your password, you can ignore this email. ",
      ],
      ["Your verification code", "Your verification code is 123456. "],
    ]);
    const own = { VerificationMessageTemplate: { EmailSubject: "Authhub code", EmailMessage: "Code: {####}" } };
    expect(await sentFor(own)).toEqual([
      ["Authhub code", "Code: 123456"],
      ["Authhub code", "Code: 123456"],
    ]);
  });
});
