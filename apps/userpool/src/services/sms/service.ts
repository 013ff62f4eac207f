import {
  CodeDeliveryFailureException,
  InvalidSmsRoleAccessPolicyException,
  InvalidSmsRoleTrustRelationshipException,
} from "../../errors/cognitoErrors.js";
import type { Logger } from "../../log.js";
import type { LogDeliveryService } from "../logDelivery.js";
import { maskPhone } from "../mail/messages.js";
import type { Pool } from "../pools.js";
import { type SmsDelivery, type SmsMessage, SmsRoleError, type SmsSender } from "./sms.js";

/** E.164 as Cognito stores phone_number: "+", then 1 to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{0,14}$/;

/** `services.sms`: checks the number, names the pool's region, and hands the text to the configured sender. */
export class SmsService implements SmsDelivery {
  constructor(
    private readonly deps: {
      sender: SmsSender;
      log: Logger;
      /** userNotification logs of failed deliveries (SetLogDeliveryConfiguration). */
      logDelivery?: Pick<LogDeliveryService, "record">;
    },
  ) {}

  /** The sender in force ("dev-outbox", "sns", "webhook"). */
  get senderName(): string {
    return this.deps.sender.name;
  }

  async send(pool: Pool, message: SmsMessage): Promise<void> {
    if (!E164.test(message.to))
      throw new CodeDeliveryFailureException("Unable to deliver the message: the phone number is not in E.164 format.");
    const sms = pool.settings.SmsConfiguration;
    const region = sms?.SnsRegion ?? pool.settings.Region;
    try {
      await this.deps.sender.send({
        ...message,
        poolId: pool.id,
        region,
        ...(sms?.SnsCallerArn ? { roleArn: sms.SnsCallerArn } : {}),
        ...(sms?.ExternalId ? { externalId: sms.ExternalId } : {}),
      });
    } catch (err) {
      // The text holds a code: only the sender's error and where it went are logged.
      this.deps.log.error(
        { err, poolId: pool.id, kind: message.kind, sender: this.deps.sender.name },
        "text message delivery failed",
      );
      // The pool's userNotification log: where it failed and why, never the text (it holds a code).
      await this.deps.logDelivery?.record(pool, "userNotification", "ERROR", {
        deliveryChannel: "SMS",
        destination: maskPhone(message.to),
        messageKind: message.kind,
        error: err instanceof SmsRoleError ? `SmsRoleError: ${err.reason}` : (err as Error).name || "Error",
      });
      // A role that cannot be assumed or may not publish is the pool's configuration, and Cognito names it
      // (API reference, SignUp and the other operations that send codes: "Errors").
      if (err instanceof SmsRoleError && err.reason === "trust") throw new InvalidSmsRoleTrustRelationshipException();
      if (err instanceof SmsRoleError) throw new InvalidSmsRoleAccessPolicyException();
      throw new CodeDeliveryFailureException("Unable to deliver the message.");
    }
  }
}
