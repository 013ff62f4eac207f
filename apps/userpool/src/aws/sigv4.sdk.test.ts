// End to end with the real client: CognitoIdentityProviderClient signs AdminGetUser, a tiny node:http
// server on a free port verifies it with verifySigV4 and answers in AWS JSON 1.1, so we see both what
// the server decided and what the SDK makes of our error shape.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { awsErrorResponse } from "../errors/translate.js";
import { SigV4Error, verifySigV4 } from "./sigv4.js";

interface Seen {
  ok: boolean;
  type?: string;
  accessKeyId?: string;
  region?: string;
  target?: string;
}

const seen: Seen[] = [];
let server: Server;
let endpoint: string;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const signed = {
    method: req.method ?? "",
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? "" : url.slice(q + 1),
    headers: req.headers,
    body: Buffer.concat(chunks),
  };
  const target = String(req.headers["x-amz-target"]);
  try {
    const who = verifySigV4(signed, { lookupSecret: (id) => (id === "local" ? "local" : undefined), now: new Date() });
    seen.push({ ok: true, ...who, target });
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(
      JSON.stringify({
        Username: "alice",
        UserAttributes: [{ Name: "email", Value: "alice@example.com" }],
        Enabled: true,
        UserStatus: "CONFIRMED",
      }),
    );
  } catch (e) {
    if (!(e instanceof SigV4Error)) throw e;
    seen.push({ ok: false, type: e.code, target });
    const r = awsErrorResponse({ status: e.status, type: e.code, message: e.message });
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await once(server, "close");
});

beforeEach(() => {
  seen.length = 0;
});

function client(over: Partial<CognitoIdentityProviderClientConfig> = {}): CognitoIdentityProviderClient {
  // maxAttempts 1: the SDK retries InvalidSignatureException as a possible clock-skew error, and each
  // test wants to count exactly the requests it made.
  return new CognitoIdentityProviderClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    ...over,
  });
}

const adminGetUser = new AdminGetUserCommand({ UserPoolId: "us-east-1_AuthHub01", Username: "alice" });

/** The error a command rejects with; fails the test if it succeeds. */
async function rejection(
  c: CognitoIdentityProviderClient,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await c.send(adminGetUser);
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error("expected the SDK call to fail, but it succeeded");
}

describe("verifySigV4 behind a node:http server, driven by CognitoIdentityProviderClient", () => {
  it("accepts the development credentials and the SDK reads the answer", async () => {
    const out = await client().send(adminGetUser);
    expect(out.Username).toBe("alice");
    expect(seen).toEqual([
      { ok: true, accessKeyId: "local", region: "us-east-1", target: "AWSCognitoIdentityProviderService.AdminGetUser" },
    ]);
  });

  it("accepts any region", async () => {
    await client({ region: "eu-central-1" }).send(adminGetUser);
    expect(seen).toEqual([expect.objectContaining({ ok: true, region: "eu-central-1" })]);
  });

  it("wrong secret: the SDK surfaces InvalidSignatureException with our message and status", async () => {
    const err = await rejection(client({ credentials: { accessKeyId: "local", secretAccessKey: "wrong" } }));
    expect(err.name).toBe("InvalidSignatureException");
    expect(err.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(seen).toEqual([expect.objectContaining({ ok: false, type: "InvalidSignatureException" })]);
  });

  it("unknown access key: the SDK surfaces UnrecognizedClientException", async () => {
    const err = await rejection(client({ credentials: { accessKeyId: "AKIDNOBODY", secretAccessKey: "local" } }));
    expect(err.name).toBe("UnrecognizedClientException");
    expect(err.message).toBe("The security token included in the request is invalid.");
    expect(seen).toEqual([expect.objectContaining({ ok: false, type: "UnrecognizedClientException" })]);
  });

  it("temporary credentials: the session token is refused with UnrecognizedClientException", async () => {
    const err = await rejection(
      client({
        credentials: { accessKeyId: "local", secretAccessKey: "local", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE" },
      }),
    );
    expect(err.name).toBe("UnrecognizedClientException");
  });

  it("unsigned request (Authorization stripped after signing): MissingAuthenticationTokenException", async () => {
    const c = client();
    c.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        delete request.headers.authorization;
        return next(args);
      },
      { step: "deserialize", priority: "low", name: "stripAuthorization" },
    );
    const err = await rejection(c);
    expect(err.name).toBe("MissingAuthenticationTokenException");
    expect(err.message).toBe("Missing Authentication Token");
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it(
    "a client clock 10 minutes slow is refused as 'Signature expired', " +
      "and the SDK's skew correction then succeeds",
    async () => {
      // Our wording and error name are what the SDK's clock-skew handling keys on: it reads the server's
      // Date header, corrects its offset and retries. A wrong name here would leave real clients stuck.
      const c = client({ systemClockOffset: -10 * 60_000, maxAttempts: 2 });
      const out = await c.send(adminGetUser);
      expect(out.Username).toBe("alice");
      expect(seen.map((s) => (s.ok ? "ok" : s.type))).toEqual(["InvalidSignatureException", "ok"]);
    },
  );
});
