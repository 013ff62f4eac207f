import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { InternalErrorException } from "../errors/cognitoErrors.js";
import { createLogger } from "../log.js";
import type { Target } from "../protocol/target.js";
import { cryptoRandom } from "../random.js";
import type { Services } from "../services/index.js";
import { awsJsonHandler } from "./awsJson.js";
import { AdminOrigins } from "./cors.js";

const SECRET = "postgres://app:hunter2-S3CRET@db.internal/prod";
const lines: Record<string, any>[] = [];
const log = createLogger({
  level: "info",
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString("utf8").split("\n")) if (l) lines.push(JSON.parse(l) as Record<string, any>);
      done();
    },
  }),
});

// One operation that fails inside with a cause holding a secret, as a lost database connection would.
const failing: Target = {
  name: "Fail",
  access: "public",
  input: z.object({}),
  handle: async () => {
    throw new InternalErrorException(undefined, { cause: new Error(`connection to ${SECRET} refused`) });
  },
};
// The handler reads only these services.
const services = { log, random: cryptoRandom, requestRates: { active: false } } as unknown as Services;

let server: Server;
let url: string;
beforeAll(async () => {
  const handler = awsJsonHandler(services, new Map([["Fail", failing]]), {
    authenticateAdmin: () => ({ region: "us-east-1" }),
    adminOrigins: new AdminOrigins([]),
    bodyLimit: 1024,
  });
  server = createServer((req, res) => void handler(req, res));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("POST / error path", () => {
  it("logs an error's internal cause once, with the request ID, and sends none of it", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.Fail",
      },
      body: "{}",
    });
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(body)).toEqual({ __type: "InternalErrorException", message: "Internal server error." });
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalErrorException");
    const sent = [body, ...[...res.headers].map(([k, v]) => `${k}: ${v}`)].join("\n");
    expect(sent).not.toContain("hunter2");

    const requestId = res.headers.get("x-amzn-requestid");
    const withSecret = lines.filter((l) => JSON.stringify(l).includes("hunter2"));
    expect(withSecret).toHaveLength(1);
    expect(withSecret[0]).toMatchObject({
      reqId: requestId,
      op: "Fail",
      error: "InternalErrorException",
      cause: { message: `connection to ${SECRET} refused` },
      msg: "internal cause",
    });
    // The request line carries the error name only.
    expect(lines.find((l) => l.msg === "request failed")).toMatchObject({
      reqId: requestId,
      error: "InternalErrorException",
    });
  });
});
