import type { Request, Response } from "express";
import type { DevMailbox } from "../services/mail/devMailbox.js";
import { type Html, html, joinHtml } from "../html.js";
import { sendPage } from "./html.js";

const INTRO = "Development mode only: email is kept here instead of being sent. JSON: /_dev/messages?to=<address>";

/** Text with its http(s) URLs as links (the confirmation link is what developers click); a URL runs to a space. */
function linkify(text: string): Html {
  // split() with a capturing group keeps the URLs, at the odd indexes.
  const parts = text.split(/(https?:\/\/\S+)/);
  return joinHtml(parts.map((part, i) => (i % 2 ? html`<a href="${part}">${part}</a>` : part)));
}

/** `GET /_dev/mailbox`: every kept message, newest first (development mode only). */
export function mailboxPage(mailbox: DevMailbox) {
  return async (req: Request, res: Response): Promise<void> => {
    const to = typeof req.query.to === "string" ? req.query.to : undefined;
    const messages = await mailbox.list(to !== undefined ? { to } : {});
    const items = messages.map((m) =>
      joinHtml([
        html`<article><div class="meta">${m.createdAt.toISOString()} · to ${m.to}</div>`,
        html`<h2>${m.subject}</h2><pre>${linkify(m.text)}</pre></article>`,
      ]),
    );
    const list = items.length ? items : html`<p>No messages yet.</p>`;
    sendPage(res, 200, "Development mailbox", html`<h1>Development mailbox</h1><p class="meta">${INTRO}</p>${list}`);
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
