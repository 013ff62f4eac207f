import type { Request, Response } from "express";
import type { DevMailbox } from "../services/mail/devMailbox.js";
import { escapeHtml, sendPage } from "./html.js";

/** Escapes text and turns http(s) URLs into links (the confirmation link is what developers click). */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<"]+/g, (u) => `<a href="${u}">${u}</a>`);
}

/** `GET /_dev/mailbox`: every kept message, newest first (development mode only). */
export function mailboxPage(mailbox: DevMailbox) {
  return async (req: Request, res: Response): Promise<void> => {
    const to = typeof req.query.to === "string" ? req.query.to : undefined;
    const messages = await mailbox.list(to !== undefined ? { to } : {});
    const items = messages
      .map(
        (m) =>
          `<article><div class="meta">${escapeHtml(m.createdAt.toISOString())} · to ${escapeHtml(m.to)}</div>` +
          `<h2>${escapeHtml(m.subject)}</h2><pre>${linkify(m.text)}</pre></article>`,
      )
      .join("");
    sendPage(
      res,
      200,
      "Development mailbox",
      `<h1>Development mailbox</h1>` +
        `<p class="meta">Development mode only: e-mail is kept here instead of being sent. ` +
        `JSON: /_dev/messages?to=&lt;address&gt;</p>${items || "<p>No messages yet.</p>"}`,
    );
  };
}

/** `GET /_dev/messages?to=<address>`: JSON array newest first, each with to, subject, text, html, createdAt. */
export function messagesJson(mailbox: DevMailbox) {
  return async (req: Request, res: Response): Promise<void> => {
    const to = typeof req.query.to === "string" ? req.query.to : undefined;
    const messages = await mailbox.list(to !== undefined ? { to } : {});
    res.set("Cache-Control", "no-store").json(
      messages.map((m) => ({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        createdAt: m.createdAt.toISOString(),
      })),
    );
  };
}
