/**
 * The userpool's development SMS outbox (GET /_dev/sms?to=<E.164>, newest first): the test reads codes from the
 * text message a user would get on their phone, not from the database (ADR 0013).
 */
import type { RunningStack } from "../../scripts/stack.js";

export interface DevSms {
  to: string;
  text: string;
  createdAt: string;
}

export async function listTexts(stack: RunningStack, to: string): Promise<DevSms[]> {
  const res = await fetch(`${stack.urls.userpool}/_dev/sms?to=${encodeURIComponent(to)}`);
  if (!res.ok) throw new Error(`development SMS outbox answered ${res.status}`);
  return (await res.json()) as DevSms[];
}

/**
 * Waits for a text to `to` that was not in the outbox before (`seen` = how many there were). Polls: the text is
 * written while the browser's request is answered, which may still be in flight when the test asks.
 */
export async function waitForText(
  stack: RunningStack,
  to: string,
  opts: { seen?: number; timeoutMs?: number } = {},
): Promise<DevSms> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = await listTexts(stack, to);
    const fresh = texts.slice(0, Math.max(0, texts.length - (opts.seen ?? 0)));
    if (fresh[0]) return fresh[0];
    if (Date.now() > deadline)
      throw new Error(`no new text message to ${to} within ${timeoutMs} ms; the outbox holds ${texts.length} for it`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The 6-digit code of a code text. */
export function codeInText(sms: DevSms): string {
  const m = /\b(\d{6})\b/.exec(sms.text);
  if (!m) throw new Error(`no 6-digit code in the text message: ${sms.text}`);
  return m[1]!;
}
