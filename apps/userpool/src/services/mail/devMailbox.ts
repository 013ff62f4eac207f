import type { Clock } from "../../clock.js";
import type { DataCrypto } from "../../crypto/envelope.js";
import type { Random } from "../../random.js";
import type { Store } from "../../store/index.js";
import type { Mailer, OutgoingMail, StoredMail } from "./mailer.js";

const aad = (id: string) => `dev-mail|${id}`;

/**
 * Development mailer: keeps messages in the database (so every instance sees them) instead of
 * sending them. Message bodies carry codes and links, so they are encrypted under the data key
 * like every other secret at rest; the recipient stays clear for the `?to=` lookup.
 */
export class DevMailbox implements Mailer {
  private seq = 0;
  constructor(private readonly deps: { store: Store; crypto: DataCrypto; clock: Clock; random: Random }) {}

  async send(mail: OutgoingMail): Promise<void> {
    const now = this.deps.clock.now().getTime();
    // Time-ordered ID (36 chars), so "newest first" holds for messages sent within one millisecond too.
    this.seq = (this.seq + 1) % 1_000_000;
    const id =
      `${String(now).padStart(13, "0")}-${String(this.seq).padStart(6, "0")}-` +
      `${this.deps.random.bytes(8).toString("hex").slice(0, 15)}`;
    const contentEnc = this.deps.crypto.encrypt(
      JSON.stringify({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.from ? { from: mail.from } : {}),
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      }),
      aad(id),
    );
    await this.deps.store.devMail.insert({ id, to: mail.to, createdAt: now, contentEnc });
  }

  /** Newest first; `to` is matched case-insensitively. */
  async list(opts: { to?: string; limit?: number } = {}): Promise<StoredMail[]> {
    const rows = await this.deps.store.devMail.list({
      limit: opts.limit ?? 200,
      ...(opts.to !== undefined ? { to: opts.to } : {}),
    });
    return rows.map((r) => {
      const m = JSON.parse(this.deps.crypto.decrypt(r.contentEnc, aad(r.id)).toString("utf8")) as OutgoingMail;
      return {
        id: r.id,
        createdAt: new Date(r.createdAt),
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        ...(m.from ? { from: m.from } : {}),
        ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      };
    });
  }
}
