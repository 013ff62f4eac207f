import type { Clock } from "../../clock.js";
import type { DataCrypto } from "../../crypto/envelope.js";
import type { Random } from "../../random.js";
import type { Store } from "../../store/index.js";
import type { OutgoingSms, SmsSender } from "./sms.js";

const aad = (id: string) => `dev-sms|${id}`;

/** A text as the development outbox shows it. */
export interface StoredSms {
  id: string;
  to: string;
  text: string;
  kind: string;
  poolId: string;
  createdAt: Date;
}

/** How long the outbox keeps texts, and how many at most (housekeeping enforces both). */
export const DEV_SMS_KEPT_MS = 7 * 86_400_000;
export const DEV_SMS_MAX = 1000;

/**
 * Development SMS sender, the twin of the dev mailbox: texts are kept in the database (so every
 * instance sees them) instead of sent. The text holds codes and temporary passwords, so it is sealed
 * under the data key; the number stays clear for the `?to=` lookup.
 */
export class DevSmsOutbox implements SmsSender {
  readonly name = "dev-outbox";
  private seq = 0;
  constructor(private readonly deps: { store: Store; crypto: DataCrypto; clock: Clock; random: Random }) {}

  async send(sms: OutgoingSms): Promise<void> {
    const now = this.deps.clock.now().getTime();
    // Time-ordered ID (36 chars), so "newest first" holds within one millisecond too.
    this.seq = (this.seq + 1) % 1_000_000;
    const id =
      `${String(now).padStart(13, "0")}-${String(this.seq).padStart(6, "0")}-` +
      `${this.deps.random.bytes(8).toString("hex").slice(0, 15)}`;
    const contentEnc = this.deps.crypto.encrypt(JSON.stringify({ text: sms.text }), aad(id));
    await this.deps.store.devSms.insert({
      id,
      to: sms.to,
      poolId: sms.poolId,
      kind: sms.kind,
      createdAt: now,
      contentEnc,
    });
  }

  /** Newest first; `to` is an exact E.164 number. */
  async list(opts: { to?: string; limit?: number } = {}): Promise<StoredSms[]> {
    const rows = await this.deps.store.devSms.list({
      limit: opts.limit ?? 200,
      ...(opts.to !== undefined ? { to: opts.to } : {}),
    });
    return rows.map((r) => {
      const m = JSON.parse(this.deps.crypto.decrypt(r.contentEnc, aad(r.id)).toString("utf8")) as { text: string };
      return { id: r.id, to: r.to, text: m.text, kind: r.kind, poolId: r.poolId, createdAt: new Date(r.createdAt) };
    });
  }
}
