import type { Request, Response } from "express";
import { html, joinHtml } from "../html.js";
import type { DevSmsOutbox } from "../services/sms/devOutbox.js";
import { sendPage } from "./html.js";

const INTRO = "Development mode only: text messages are kept here instead of being sent. JSON: /_dev/sms?to=<E.164>";

/**
 * The `to` filter. A "+" typed unencoded in a URL arrives as a space (form encoding), so a leading
 * space before digits is read as the "+" the developer meant.
 */
function numberOf(req: Request): string | undefined {
  const to = req.query.to;
  if (typeof to !== "string") return undefined;
  return /^ \d/.test(to) ? `+${to.slice(1)}` : to.trim();
}

/**
 * `GET /_dev/sms`: JSON (newest first: to, text, createdAt) for `?to=` or an Accept without text/html
 * (what fetch and curl send), else the page listing every kept text. Development mode only.
 */
export function devSms(outbox: DevSmsOutbox) {
  return async (req: Request, res: Response): Promise<void> => {
    const to = numberOf(req);
    const texts = await outbox.list(to !== undefined ? { to } : {});
    if (to !== undefined || req.accepts(["json", "html"]) !== "html") {
      res
        .set("Cache-Control", "no-store")
        .json(texts.map((m) => ({ to: m.to, text: m.text, createdAt: m.createdAt.toISOString() })));
      return;
    }
    const items = texts.map((m) =>
      joinHtml([
        html`<article><div class="meta">${m.createdAt.toISOString()} · to ${m.to} · ${m.kind}</div>`,
        html`<pre>${m.text}</pre></article>`,
      ]),
    );
    const list = items.length ? joinHtml(items) : html`<p>No text messages yet.</p>`;
    res.set("Cache-Control", "no-store");
    sendPage(
      res,
      200,
      "Development SMS outbox",
      html`<h1>Development SMS outbox</h1><p class="meta">${INTRO}</p>${list}`,
    );
  };
}
