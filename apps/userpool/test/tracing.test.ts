/**
 * Optional OpenTelemetry traces against a local fake OTLP/HTTP receiver: off (the default) loads no
 * OpenTelemetry module and sends nothing; on, every request arrives as a span named after its
 * operation and carrying its request ID. Tracing does not touch the database: SQLite only.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tracingLoaded } from "../src/observability/tracing.js";
import { CLIENT_ID, startTestUserpool } from "./support/userpool.js";
import { callRaw } from "./support/wire.js";

interface OtlpSpan {
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}

let receiver: Server;
let receiverUrl: string;
const posts: { path: string; contentType: string | undefined; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      posts.push({ path: req.url ?? "", contentType: req.headers["content-type"], body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

const spansOf = (): OtlpSpan[] =>
  posts.flatMap((p) =>
    (JSON.parse(p.body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) => ss.spans),
    ),
  );
const attribute = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue === undefined ? undefined : Number(v.intValue));
};

describe("tracing", () => {
  it("is off by default: no OpenTelemetry module loaded, nothing sent", async () => {
    const up = await startTestUserpool();
    try {
      await callRaw(up.url, "InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: CLIENT_ID });
      await fetch(`${up.url}/health`);
    } finally {
      await up.close();
    }
    expect(tracingLoaded()).toBe(false);
    expect(posts).toEqual([]);
  });

  it("sends one span per request with the operation's name and the request ID", async () => {
    const up = await startTestUserpool({ tracingUrl: receiverUrl });
    const id = "trace-test-0123456789";
    try {
      // Refused at validation (no AuthParameters): a span all the same, with the error's name.
      const r = await callRaw(
        up.url,
        "InitiateAuth",
        { AuthFlow: "USER_PASSWORD_AUTH", ClientId: CLIENT_ID },
        {
          "x-request-id": id,
        },
      );
      expect(r.status).toBe(400);
      await fetch(`${up.url}/health`, { headers: { "x-request-id": `${id}-health` } });
    } finally {
      // close() flushes the batch.
      await up.close();
    }
    expect(tracingLoaded()).toBe(true);
    expect(posts.every((p) => p.path === "/v1/traces" && p.contentType?.startsWith("application/json"))).toBe(true);
    const spans = spansOf();
    const auth = spans.find((s) => s.name === "InitiateAuth");
    expect(auth).toBeDefined();
    expect(attribute(auth!, "authhub.request_id")).toBe(id);
    expect(attribute(auth!, "http.response.status_code")).toBe(400);
    expect(attribute(auth!, "error.type")).toMatch(/Exception$/);
    const health = spans.find((s) => s.name === "GET /health");
    expect(health && attribute(health, "authhub.request_id")).toBe(`${id}-health`);
    // No caller text in span names: the JSON API's are operation names, the others route templates.
    expect(spans.map((s) => s.name).every((n) => /^(InitiateAuth|[A-Z]+ \/[\w/.:-]*|unmatched)$/.test(n))).toBe(true);
  });
});
