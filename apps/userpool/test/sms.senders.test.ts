/**
 * The production SMS senders against local HTTP endpoints (no AWS access here): the SNS sender's
 * Publish request as @aws-sdk/client-sns sends it, SigV4-signed for `sns`, and the webhook sender's
 * JSON body with its HMAC signature, status handling and timeout.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SigV4Error, verifySigV4 } from "../src/aws/sigv4.js";
import { ManualClock } from "../src/clock.js";
import { cryptoRandom } from "../src/random.js";
import { SnsSmsSender } from "../src/services/sms/snsSender.js";
import type { OutgoingSms } from "../src/services/sms/sms.js";
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WebhookSmsSender } from "../src/services/sms/webhookSender.js";

const SMS: OutgoingSms = {
  to: "+15555550100",
  text: "Your verification code is 123456. ",
  kind: "sign-up",
  poolId: "us-east-1_TestPool1",
  region: "eu-west-1",
};

interface Received {
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(handle: (r: Received, res: ServerResponse) => void): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const [path = "", query = ""] = (req.url ?? "").split("?");
    const r = { method: req.method ?? "", path, query, headers: req.headers, body: Buffer.concat(chunks) };
    got.push(r);
    handle(r, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

describe("SNS sender", () => {
  const credentials = { accessKeyId: "AKIDSNSTEST", secretAccessKey: "sns-test-secret-0123456789" };

  /** An SNS Publish endpoint: checks the SigV4 signature for service `sns`, answers as SNS's query protocol does. */
  const snsEndpoint = () =>
    serve((r, res) => {
      try {
        verifySigV4(r, {
          lookupSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
          now: new Date(),
          service: "sns",
        });
      } catch (err) {
        res.writeHead(403, { "content-type": "text/xml" });
        res.end(
          "<ErrorResponse><Error><Type>Sender</Type>" +
            `<Code>${err instanceof SigV4Error ? err.code : "SignatureDoesNotMatch"}</Code>` +
            `<Message>${(err as Error).message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(
        '<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
          "<MessageId>00000000-0000-4000-8000-000000000001</MessageId></PublishResult>" +
          "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>",
      );
    });

  it("publishes to the phone number, signed for sns in the pool's SNS region, as a transactional SMS", async () => {
    const { url, got } = await snsEndpoint();
    const sender = new SnsSmsSender({ endpoint: url, credentials });
    try {
      await sender.send(SMS);
    } finally {
      sender.close();
    }
    expect(got).toHaveLength(1);
    const r = got[0]!;
    expect(r.method).toBe("POST");
    expect(r.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSNSTEST\/\d{8}\/eu-west-1\/sns\/aws4_request/,
    );
    const form = new URLSearchParams(r.body.toString("utf8"));
    expect(form.get("Action")).toBe("Publish");
    expect(form.get("PhoneNumber")).toBe(SMS.to);
    expect(form.get("Message")).toBe(SMS.text);
    expect(form.get("MessageAttributes.entry.1.Name")).toBe("AWS.SNS.SMS.SMSType");
    expect(form.get("MessageAttributes.entry.1.Value.StringValue")).toBe("Transactional");
  });

  it("uses the configured region over the pool's", async () => {
    const { url, got } = await snsEndpoint();
    const sender = new SnsSmsSender({ endpoint: url, credentials, region: "ap-southeast-2" });
    await sender.send(SMS).finally(() => sender.close());
    expect(got[0]!.headers.authorization).toContain("/ap-southeast-2/sns/aws4_request");
  });

  it("fails when SNS refuses the request (here: a wrong secret)", async () => {
    const { url } = await snsEndpoint();
    const sender = new SnsSmsSender({ endpoint: url, credentials: { ...credentials, secretAccessKey: "wrong" } });
    await expect(sender.send(SMS).finally(() => sender.close())).rejects.toThrow();
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
