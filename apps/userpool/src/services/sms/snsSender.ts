import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { OutgoingSms, SmsSender } from "./sms.js";

export interface SnsSenderOptions {
  /** Another Publish endpoint than AWS's (LocalStack, a VPC endpoint, tests). */
  endpoint?: string;
  /** Every text goes through this region; default: the pool's SmsConfiguration.SnsRegion, else its region. */
  region?: string;
  /** Explicit credentials; default: the SDK's provider chain (role, profile, environment). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * Production sender through Amazon SNS: one Publish with PhoneNumber per text, as Cognito itself
 * sends them (developer guide, "SMS message settings for Amazon Cognito user pools"). Codes are
 * marked Transactional, which SNS delivers first and which carriers do not filter as marketing.
 */
export class SnsSmsSender implements SmsSender {
  readonly name = "sns";
  private readonly clients = new Map<string, SNSClient>();
  constructor(private readonly o: SnsSenderOptions = {}) {}

  async send(sms: OutgoingSms): Promise<void> {
    await this.client(this.o.region ?? sms.region).send(
      new PublishCommand({
        PhoneNumber: sms.to,
        Message: sms.text,
        MessageAttributes: {
          "AWS.SNS.SMS.SMSType": { DataType: "String", StringValue: "Transactional" },
        },
      }),
    );
  }

  /** One client per region, kept for its connection pool. */
  private client(region: string): SNSClient {
    let c = this.clients.get(region);
    if (!c) {
      c = new SNSClient({
        region,
        maxAttempts: 2,
        ...(this.o.endpoint ? { endpoint: this.o.endpoint } : {}),
        ...(this.o.credentials ? { credentials: this.o.credentials } : {}),
      });
      this.clients.set(region, c);
    }
    return c;
  }

  close(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
