import type { SNSClient } from "@aws-sdk/client-sns";
import type { AssumeRoleCommandOutput, STSClient } from "@aws-sdk/client-sts";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { type Clock, systemClock } from "../../clock.js";
import { type OutgoingSms, SmsRoleError, type SmsSender } from "./sms.js";

export interface SnsSenderOptions {
  /** Another Publish endpoint than AWS's (LocalStack, a VPC endpoint, tests). */
  endpoint?: string;
  /** Another AssumeRole endpoint than AWS's regional STS endpoint (LocalStack, a VPC endpoint, tests). */
  stsEndpoint?: string;
  /** Every text goes through this region; default: the pool's SmsConfiguration.SnsRegion, else its region. */
  region?: string;
  /** The server's own credentials, used only to assume pool roles; default: the SDK's provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Decides when assumed-role credentials are renewed. */
  clock?: Clock;
}

/** Assumed-role credentials are renewed this long before they expire (the AWS SDK's own refresh window). */
export const ROLE_REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * The RoleSessionName of a pool's AssumeRole: names the pool, so CloudTrail shows which pool sent a
 * text and a role's trust policy can admit one pool only (`sts:RoleSessionName`). Pool IDs
 * (`[\w-]+_[0-9a-zA-Z]+`, at most 55 characters) fit STS's 64-character `[\w+=,.@-]` limit.
 */
export function roleSessionName(poolId: string): string {
  return `authhub-${poolId}`;
}

/** A pool's role assumed in one region: a Publish client signed with the temporary credentials. */
interface RoleSession {
  sns: SNSClient;
  expiresAt: number;
}

/** The SNS and STS clients, loaded with the first text: they cost every process megabytes of memory at start. */
let sdk: Promise<[typeof import("@aws-sdk/client-sns"), typeof import("@aws-sdk/client-sts")]> | undefined;
const awsSdk = () => (sdk ??= Promise.all([import("@aws-sdk/client-sns"), import("@aws-sdk/client-sts")]));

const named = (err: unknown, name: string) => err instanceof Error && err.name === name;

/**
 * Production sender through Amazon SNS, as Cognito sends texts (developer guide, "SMS message
 * settings for Amazon Cognito user pools"; API reference, SmsConfigurationType): it assumes the
 * pool's SnsCallerArn role with sts:AssumeRole, passing the pool's ExternalId when it has one, and
 * publishes one SMS per text with the role's temporary credentials. The server's own credentials
 * only ever call AssumeRole. Codes are marked Transactional, which SNS delivers first and which
 * carriers do not filter as marketing.
 */
export class SnsSmsSender implements SmsSender {
  readonly name = "sns";
  private readonly clock: Clock;
  /** One connection pool for every STS and SNS client, whatever role they sign for. */
  private http: NodeHttpHandler | undefined;
  private readonly sts = new Map<string, STSClient>();
  private readonly sessions = new Map<string, Promise<RoleSession>>();
  constructor(private readonly o: SnsSenderOptions = {}) {
    this.clock = o.clock ?? systemClock;
  }

  async send(sms: OutgoingSms): Promise<void> {
    // Cognito cannot text for a pool without a role either; the server's own identity never publishes.
    if (!sms.roleArn)
      throw new SmsRoleError(
        "access-policy",
        `user pool ${sms.poolId} has no SmsConfiguration.SnsCallerArn; SNS texts are published only as that role`,
      );
    const session = await this.session(sms.poolId, sms.roleArn, sms.externalId, this.o.region ?? sms.region);
    const [{ PublishCommand }] = await awsSdk();
    try {
      await session.sns.send(
        new PublishCommand({
          PhoneNumber: sms.to,
          Message: sms.text,
          MessageAttributes: {
            "AWS.SNS.SMS.SMSType": { DataType: "String", StringValue: "Transactional" },
          },
        }),
      );
    } catch (err) {
      // SNS's answer when the role's permissions policy lacks sns:Publish.
      if (named(err, "AuthorizationErrorException"))
        throw new SmsRoleError("access-policy", `role ${sms.roleArn} may not publish SMS with Amazon SNS`, {
          cause: err,
        });
      throw err;
    }
  }

  /**
   * The pool's role session, reused until shortly before its credentials expire. The key holds the
   * ExternalId and the pool as well as the role: a pool naming another pool's role must pass STS's
   * trust policy checks itself, never ride on credentials assumed for the other pool.
   */
  private async session(poolId: string, roleArn: string, externalId: string | undefined, region: string) {
    const key = JSON.stringify([roleArn, externalId ?? null, region, poolId]);
    const held = this.sessions.get(key);
    if (held) {
      const s = await held.catch(() => undefined);
      if (s && s.expiresAt - ROLE_REFRESH_BEFORE_MS > this.clock.now().getTime()) return s;
      // Another send may have started the renewal while this one waited.
      const current = this.sessions.get(key);
      if (current && current !== held) return current;
    }
    const next = this.assume(poolId, roleArn, externalId, region);
    this.sessions.set(key, next);
    next.catch(() => {
      if (this.sessions.get(key) === next) this.sessions.delete(key);
    });
    return next;
  }

  private async assume(
    poolId: string,
    roleArn: string,
    externalId: string | undefined,
    region: string,
  ): Promise<RoleSession> {
    let out: AssumeRoleCommandOutput;
    const [{ SNSClient }, { AssumeRoleCommand }] = await awsSdk();
    try {
      out = await (await this.stsClient(region)).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: roleSessionName(poolId),
          // STS wants 2+ characters; an empty ExternalId is no ExternalId.
          ...(externalId ? { ExternalId: externalId } : {}),
        }),
      );
    } catch (err) {
      // AccessDenied: the role's trust policy does not admit this server, or the ExternalId differs.
      if (named(err, "AccessDenied"))
        throw new SmsRoleError("trust", `AssumeRole of ${roleArn} was refused`, { cause: err });
      throw new Error(`AssumeRole of ${roleArn} failed`, { cause: err });
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new Error(`AssumeRole of ${roleArn} answered without credentials`);
    return {
      sns: new SNSClient({
        region,
        maxAttempts: 2,
        requestHandler: await this.httpHandler(),
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
        ...(this.o.endpoint ? { endpoint: this.o.endpoint } : {}),
      }),
      expiresAt: c.Expiration.getTime(),
    };
  }

  /** One STS client per region, signed with the server's own credentials. */
  private async httpHandler(): Promise<NodeHttpHandler> {
    if (!this.http) {
      const { NodeHttpHandler } = await import("@smithy/node-http-handler");
      this.http ??= new NodeHttpHandler();
    }
    return this.http;
  }

  private async stsClient(region: string): Promise<STSClient> {
    let c = this.sts.get(region);
    if (!c) {
      const [, { STSClient }] = await awsSdk();
      const requestHandler = await this.httpHandler();
      c = this.sts.get(region);
      if (c) return c;
      c = new STSClient({
        region,
        maxAttempts: 2,
        requestHandler,
        ...(this.o.stsEndpoint ? { endpoint: this.o.stsEndpoint } : {}),
        ...(this.o.credentials ? { credentials: this.o.credentials } : {}),
      });
      this.sts.set(region, c);
    }
    return c;
  }

  close(): void {
    this.sts.clear();
    this.sessions.clear();
    this.http?.destroy();
  }
}
