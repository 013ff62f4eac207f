/**
 * The userpool's development mailbox (GET /_dev/messages?to=<address>, newest first): the test reads
 * codes and links from the e-mail a user would get, not from the database.
 */

export interface DevMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  createdAt: string;
}

export async function listMessages(mailboxJson: string, to: string): Promise<DevMessage[]> {
  const res = await fetch(`${mailboxJson}?to=${encodeURIComponent(to)}`);
  if (!res.ok) throw new Error(`dev mailbox answered ${res.status}`);
  return (await res.json()) as DevMessage[];
}

/**
 * Waits for a message to `to` that was not in the mailbox before (`seen` = how many there were),
 * optionally matching `subject`. Polls: the mail is written while the request is answered, but the
 * browser's request may still be in flight when the test asks.
 */
export async function waitForMessage(
  mailboxJson: string,
  to: string,
  opts: { seen?: number; subject?: RegExp; timeoutMs?: number } = {},
): Promise<DevMessage> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const messages = await listMessages(mailboxJson, to);
    const fresh = messages.slice(0, Math.max(0, messages.length - (opts.seen ?? 0)));
    const match = fresh.find((m) => !opts.subject || opts.subject.test(m.subject));
    if (match) return match;
    if (Date.now() > deadline) {
      throw new Error(
        `no new e-mail to ${to}${opts.subject ? ` with subject ${opts.subject}` : ""} ` +
          `within ${opts.timeoutMs ?? 15_000} ms; ` +
          `mailbox holds: ${JSON.stringify(messages.map((m) => m.subject))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The 6-digit code of a code e-mail. */
export function codeIn(message: DevMessage): string {
  const m = /\b(\d{6})\b/.exec(message.text);
  if (!m) throw new Error(`no 6-digit code in the e-mail "${message.subject}": ${message.text}`);
  return m[1]!;
}

/** The first http(s) link of an e-mail. */
export function linkIn(message: DevMessage): string {
  const m = /https?:\/\/[^\s<>"]+/.exec(message.text);
  if (!m) throw new Error(`no link in the e-mail "${message.subject}": ${message.text}`);
  return m[0];
}
