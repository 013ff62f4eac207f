/**
 * The production SMS senders against local HTTP endpoints (no AWS access here): the SNS sender
 * assumes the pool's SnsCallerArn role at a fake STS (role ARN, ExternalId, session name) and
 * publishes with the temporary credentials it got, reused until shortly before they expire; the
 * webhook sender's JSON body with its HMAC signature, status handling and timeout.
 */
import { createHmac } from "node:crypto";
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { cryptoRandom } from "../src/random.js";
import { type OutgoingSms, SmsRoleError } from "../src/services/sms/sms.js";
import { ROLE_REFRESH_BEFORE_MS, SnsSmsSender } from "../src/services/sms/snsSender.js";
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WebhookSmsSender } from "../src/services/sms/webhookSender.js";
import {
  type FakeAws,
  type FakeAwsOptions,
  form,
  type Received,
  serve as serveOn,
  signingKey,
  startFakeAws,
} from "./support/fakeSns.js";

const ROLE = "arn:aws:iam::123456789012:role/authhub-sms";
const SMS: OutgoingSms = {
  to: "+15555550100",
  text: "Your verification code is 123456. ",
  kind: "sign-up",
  poolId: "us-east-1_TestPool1",
  region: "eu-west-1",
  roleArn: ROLE,
  externalId: "authhub-external-id",
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function serve(handle: (r: Received, res: ServerResponse) => void) {
  const s = await serveOn(handle);
  closers.push(s.close);
  return s;
}

describe("SNS sender", () => {
  const server = { accessKeyId: "AKIDSERVER", secretAccessKey: "server-test-secret-0123456789" };
  let clock: ManualClock;

  async function setUp(
    o: Partial<FakeAwsOptions> = {},
    region?: string,
  ): Promise<{ aws: FakeAws; sender: SnsSmsSender }> {
    clock = new ManualClock(Date.now());
    const aws = await startFakeAws({ server, clock, ...o });
    const sender = new SnsSmsSender({
      endpoint: aws.snsUrl,
      stsEndpoint: aws.stsUrl,
      credentials: server,
      clock,
      ...(region ? { region } : {}),
    });
    closers.push(async () => {
      sender.close();
      await aws.close();
    });
    return { aws, sender };
  }

  it("assumes the pool's role with its ExternalId and a session name naming the pool, as the server", async () => {
    const { aws, sender } = await setUp();
    await sender.send(SMS);
    expect(aws.assumeRoles).toHaveLength(1);
    const r = aws.assumeRoles[0]!;
    expect(r.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSERVER\/\d{8}\/eu-west-1\/sts\/aws4_request/,
    );
    const f = form(r);
    expect(f.get("Action")).toBe("AssumeRole");
    expect(f.get("RoleArn")).toBe(ROLE);
    expect(f.get("ExternalId")).toBe("authhub-external-id");
    expect(f.get("RoleSessionName")).toBe("authhub-us-east-1_TestPool1");
  });

  it("publishes to the phone number as a transactional SMS, signed with the key AssumeRole returned", async () => {
    const { aws, sender } = await setUp();
    await sender.send(SMS);
    expect(aws.publishes).toHaveLength(1);
    const r = aws.publishes[0]!;
    expect(r.method).toBe("POST");
    expect(r.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAFAKE0001\/\d{8}\/eu-west-1\/sns\/aws4_request/,
    );
    expect(r.headers["x-amz-security-token"]).toBe(aws.issued[0]!.sessionToken);
    const f = form(r);
    expect(f.get("Action")).toBe("Publish");
    expect(f.get("PhoneNumber")).toBe(SMS.to);
    expect(f.get("Message")).toBe(SMS.text);
    expect(f.get("MessageAttributes.entry.1.Name")).toBe("AWS.SNS.SMS.SMSType");
    expect(f.get("MessageAttributes.entry.1.Value.StringValue")).toBe("Transactional");
  });

  it("sends no ExternalId when the pool has none", async () => {
    const { aws, sender } = await setUp();
    const { externalId: _, ...noExternalId } = SMS;
    await sender.send(noExternalId);
    expect(form(aws.assumeRoles[0]!).has("ExternalId")).toBe(false);
    expect(form(aws.assumeRoles[0]!).get("RoleArn")).toBe(ROLE);
  });

  it("reuses the role's credentials while valid and assumes it again shortly before they expire", async () => {
    const { aws, sender } = await setUp();
    await sender.send(SMS);
    clock.advance(3_600_000 - ROLE_REFRESH_BEFORE_MS - 1000);
    await sender.send(SMS);
    expect(aws.assumeRoles).toHaveLength(1);
    expect(aws.publishes.map(signingKey)).toEqual(["ASIAFAKE0001", "ASIAFAKE0001"]);
    clock.advance(2000);
    await sender.send(SMS);
    await sender.send(SMS);
    expect(aws.assumeRoles).toHaveLength(2);
    expect(aws.publishes.map(signingKey)).toEqual(["ASIAFAKE0001", "ASIAFAKE0001", "ASIAFAKE0002", "ASIAFAKE0002"]);
  });

  it("assumes the role once for texts sent at the same time", async () => {
    const { aws, sender } = await setUp();
    await Promise.all([sender.send(SMS), sender.send(SMS), sender.send(SMS)]);
    expect(aws.assumeRoles).toHaveLength(1);
    expect(aws.publishes).toHaveLength(3);
  });

  it("keeps one session per role, ExternalId, region and pool: another pool asks STS itself", async () => {
    const { aws, sender } = await setUp();
    await sender.send(SMS);
    await sender.send({ ...SMS, externalId: "another-external-id" });
    await sender.send({ ...SMS, region: "us-west-2" });
    await sender.send({ ...SMS, poolId: "us-east-1_OtherPool" });
    await sender.send(SMS);
    expect(aws.assumeRoles).toHaveLength(4);
    expect(aws.assumeRoles.map((r) => form(r).get("RoleSessionName"))).toEqual([
      "authhub-us-east-1_TestPool1",
      "authhub-us-east-1_TestPool1",
      "authhub-us-east-1_TestPool1",
      "authhub-us-east-1_OtherPool",
    ]);
    expect(aws.assumeRoles[2]!.headers.authorization).toContain("/us-west-2/sts/aws4_request");
    expect(aws.publishes.map(signingKey)).toEqual([
      "ASIAFAKE0001",
      "ASIAFAKE0002",
      "ASIAFAKE0003",
      "ASIAFAKE0004",
      "ASIAFAKE0001",
    ]);
  });

  it("uses the configured region over the pool's", async () => {
    const { aws, sender } = await setUp({}, "ap-southeast-2");
    await sender.send(SMS);
    expect(aws.assumeRoles[0]!.headers.authorization).toContain("/ap-southeast-2/sts/aws4_request");
    expect(aws.publishes[0]!.headers.authorization).toContain("/ap-southeast-2/sns/aws4_request");
  });

  it("fails with a trust error and publishes nothing when STS refuses the role; the next text asks again", async () => {
    let admit = false;
    const { aws, sender } = await setUp({
      trust: (f) =>
        admit && f.get("ExternalId") === SMS.externalId ? undefined : "not authorized to perform: sts:AssumeRole",
    });
    const err = await sender.send(SMS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsRoleError);
    expect((err as SmsRoleError).reason).toBe("trust");
    expect((err as Error).message).toContain(ROLE);
    expect((err as Error).message).not.toContain(SMS.externalId);
    expect(aws.publishes).toHaveLength(0);
    // A refusal is not cached: once the trust policy admits the server, the same pool sends.
    admit = true;
    await sender.send(SMS);
    expect(aws.assumeRoles).toHaveLength(2);
    expect(aws.publishes).toHaveLength(1);
  });

  it("fails when the server's own key is not accepted by STS (not the pool's trust policy)", async () => {
    const { aws } = await setUp();
    const wrong = new SnsSmsSender({
      endpoint: aws.snsUrl,
      stsEndpoint: aws.stsUrl,
      credentials: { ...server, secretAccessKey: "wrong" },
      clock,
    });
    const err = await wrong
      .send(SMS)
      .finally(() => wrong.close())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(SmsRoleError);
    expect((err as Error).message).toMatch(/AssumeRole of .* failed/);
    expect(aws.publishes).toHaveLength(0);
  });

  it("fails with an access-policy error when the role may not publish", async () => {
    const { aws, sender } = await setUp({ mayPublish: () => false });
    const err = await sender.send(SMS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsRoleError);
    expect((err as SmsRoleError).reason).toBe("access-policy");
    expect(aws.publishes).toHaveLength(1);
  });

  it("refuses a pool without SnsCallerArn: the server's own identity never publishes", async () => {
    const { aws, sender } = await setUp();
    const { roleArn: _, ...noRole } = SMS;
    const err = await sender.send(noRole).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsRoleError);
    expect((err as SmsRoleError).reason).toBe("access-policy");
    expect((err as Error).message).toContain("SnsCallerArn");
    expect(aws.assumeRoles).toHaveLength(0);
    expect(aws.publishes).toHaveLength(0);
  });
});

describe("webhook sender", () => {
  const secret = "webhook-secret-0123456789abcdefghijkl";
  const clock = new ManualClock(1_700_000_000_000);

  it("POSTs the text as JSON with an HMAC-SHA256 signature over the timestamp and body", async () => {
    const { url, got } = await serve((_r, res) => res.writeHead(204).end());
    await new WebhookSmsSender({ url: `${url}/sms`, secret }, { clock, random: cryptoRandom }).send(SMS);
    expect(got).toHaveLength(1);
    const r = got[0]!;
    expect(r.method).toBe("POST");
    expect(r.path).toBe("/sms");
    expect(r.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(r.body.toString("utf8")) as Record<string, string>;
    expect(body).toEqual({
      id: r.headers[WEBHOOK_ID_HEADER],
      to: SMS.to,
      text: SMS.text,
      kind: "sign-up",
      poolId: SMS.poolId,
    });
    // The receiver's check, computed independently of the sender's code.
    const t = 1_700_000_000;
    const mac = createHmac("sha256", secret)
      .update(`${t}.${r.body.toString("utf8")}`)
      .digest("hex");
    expect(r.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(`t=${t},v1=${mac}`);
    const other = createHmac("sha256", "another secret")
      .update(`${t}.${r.body.toString("utf8")}`)
      .digest("hex");
    expect(r.headers[WEBHOOK_SIGNATURE_HEADER]).not.toContain(other);
  });

  it.each([
    [500, /HTTP 500/],
    [302, /HTTP 302/],
    [400, /HTTP 400/],
  ])("treats HTTP %s as a failed delivery", async (status, msg) => {
    const { url } = await serve((_r, res) => res.writeHead(status, { location: "https://elsewhere.example/" }).end());
    const sender = new WebhookSmsSender({ url, secret }, { clock, random: cryptoRandom });
    await expect(sender.send(SMS)).rejects.toThrow(msg);
  });

  it("gives up after its timeout", async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    const sender = new WebhookSmsSender({ url, secret, timeoutMs: 150 }, { clock, random: cryptoRandom });
    const started = Date.now();
    await expect(sender.send(SMS)).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
