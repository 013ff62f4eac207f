import { createHmac } from "node:crypto";
import type { Clock } from "../../clock.js";
import type { Random } from "../../random.js";
import type { OutgoingSms, SmsSender } from "./sms.js";

export const WEBHOOK_SIGNATURE_HEADER = "x-authhub-signature";
export const WEBHOOK_ID_HEADER = "x-authhub-message-id";
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

export interface WebhookSenderOptions {
  /** The operator's endpoint; production requires https (enforced where the configuration is read). */
  url: string;
  /** The HMAC-SHA256 key the receiver checks the signature with. */
  secret: string;
  timeoutMs?: number;
}

/**
 * The HMAC-SHA256 signature header value for a body sent at `timestamp` (epoch seconds):
 * `t=<timestamp>,v1=<hex HMAC of "<timestamp>.<body>">`. The timestamp is signed with the body so
 * a receiver can refuse a captured request replayed later.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Production sender for any SMS provider: POSTs each text as JSON
 * (`{ id, to, text, kind, poolId }`) to the operator's URL, signed with a shared secret. Any
 * status but 2xx, a redirect, or no answer within the timeout is a failed delivery.
 */
export class WebhookSmsSender implements SmsSender {
  readonly name = "webhook";
  constructor(
    private readonly o: WebhookSenderOptions,
    private readonly deps: { clock: Clock; random: Random; fetch?: typeof fetch },
  ) {}

  async send(sms: OutgoingSms): Promise<void> {
    const id = this.deps.random.uuid();
    const body = JSON.stringify({ id, to: sms.to, text: sms.text, kind: sms.kind, poolId: sms.poolId });
    const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
    const res = await (this.deps.fetch ?? fetch)(this.o.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [WEBHOOK_ID_HEADER]: id,
        [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(this.o.secret, timestamp, body),
      },
      body,
      // A redirect could carry the text (a code) to another host; the operator gives the final URL.
      redirect: "manual",
      signal: AbortSignal.timeout(this.o.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS),
    });
    // The body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`SMS webhook answered HTTP ${res.status}`);
  }
}
