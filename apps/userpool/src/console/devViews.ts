/**
 * Development views of the console: the dev mailbox, the SMS outbox and the request log, as JSON.
 * Production answers 404 (the router does not mount them), as /_dev/* does not exist there.
 */
import { type ConsoleContext, limitParam, notFound, route, sendJson } from "./context.js";

/** Six-digit codes and http(s) links: what a developer copies out of a verification message. */
export function codesIn(text: string): string[] {
  const found = [...text.matchAll(/\b\d{6}\b/g), ...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
  return [...new Set(found)];
}

export function devMailbox(ctx: ConsoleContext) {
  return route(async (req, res) => {
    const mailbox = ctx.services.devMailbox;
    if (!mailbox) throw notFound();
    const messages = await mailbox.list({ limit: limitParam(req, 50, 500) });
    sendJson(res, 200, {
      messages: messages.map((m) => ({
        id: m.id,
        at: m.createdAt.toISOString(),
        to: m.to,
        subject: m.subject,
        text: m.text,
        codes: codesIn(m.text),
      })),
    });
  });
}

export function devSms(ctx: ConsoleContext) {
  return route(async (req, res) => {
    const outbox = ctx.services.devSmsOutbox;
    if (!outbox) throw notFound();
    const texts = await outbox.list({ limit: limitParam(req, 50, 500) });
    sendJson(res, 200, {
      messages: texts.map((m) => ({ id: m.id, at: m.createdAt.toISOString(), to: m.to, text: m.text })),
    });
  });
}

export function devRequests(ctx: ConsoleContext) {
  return route(async (req, res) => {
    sendJson(res, 200, { requests: ctx.requests.latest(limitParam(req, 100, ctx.requests.size)) });
  });
}
