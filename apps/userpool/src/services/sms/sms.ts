/**
 * Text messages: what the rest of the server hands to `services.sms`, and the sender seam behind it
 * (the development outbox, SNS, an operator's webhook), the way the Mailer seam works for e-mail.
 */
import type { Pool } from "../pools.js";

/**
 * Why a text is sent. Each kind is one of Cognito's CustomMessage trigger sources (the MFA code is
 * CustomMessage_Authentication); senders may use it to route or label messages.
 */
export type SmsKind =
  | "sign-up"
  | "resend-code"
  | "verify-attribute"
  | "update-attribute"
  | "forgot-password"
  | "invitation"
  | "authentication";

/** One text, already rendered: `text` is what the phone shows. */
export interface SmsMessage {
  /** E.164, e.g. +15555550100. */
  to: string;
  text: string;
  kind: SmsKind;
}

/** `services.sms`: the one way the server sends a text. */
export interface SmsDelivery {
  /**
   * Sends `message` for `pool`. Throws CodeDeliveryFailureException when `to` is not an E.164 number
   * or the sender fails (the cause is logged, never the text, which holds a code).
   */
  send(pool: Pool, message: SmsMessage): Promise<void>;
}

/** A message as a sender receives it: which pool it is for, and the pool's SNS settings. */
export interface OutgoingSms extends SmsMessage {
  poolId: string;
  /** SmsConfiguration.SnsRegion, else the pool's region. */
  region: string;
  /** SmsConfiguration.SnsCallerArn: the IAM role the SNS sender assumes to publish. */
  roleArn?: string;
  /** SmsConfiguration.ExternalId, sent with the AssumeRole request when set. */
  externalId?: string;
}

/**
 * A sender's failure that is the pool's SMS role's fault, not the network's: `trust` when the role
 * cannot be assumed, `access-policy` when the pool names no role or the role may not publish. The
 * SMS service answers them as Cognito does (InvalidSmsRoleTrustRelationshipException,
 * InvalidSmsRoleAccessPolicyException); the message names the role, never credentials.
 */
export class SmsRoleError extends Error {
  override readonly name = "SmsRoleError";
  constructor(
    readonly reason: "trust" | "access-policy",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A way to get texts to phones. */
export interface SmsSender {
  /** For logs and the start-up banner: "dev-outbox", "sns", "webhook". */
  readonly name: string;
  send(sms: OutgoingSms): Promise<void>;
}

/** Production without a configured sender: a text is refused (CodeDeliveryFailureException), never dropped. */
export const noSmsSender: SmsSender = {
  name: "none",
  send: async () => {
    throw new Error("no SMS sender is configured (USERPOOL_SMS_SENDER)");
  },
};
