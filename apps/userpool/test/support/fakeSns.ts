/**
 * Local stand-ins for AWS STS (AssumeRole) and SNS (Publish), as the AWS SDK v3 clients call them
 * over the query protocol. Both check the SigV4 signature: STS against the server's own access key,
 * SNS against the temporary keys STS handed out, so a Publish signed with anything else fails as it
 * would in AWS. Nothing here contacts AWS.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { SigV4Error, verifySigV4 } from "../../src/aws/sigv4.js";
import type { Clock } from "../../src/clock.js";

export interface Received {
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** An HTTP server on a free port that records every request; `close()` stops it. */
export async function serve(
  handle: (r: Received, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const [path = "", query = ""] = (req.url ?? "").split("?");
    const r = { method: req.method ?? "", path, query, headers: req.headers, body: Buffer.concat(chunks) };
    got.push(r);
    await handle(r, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    got,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const xmlError = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { "content-type": "text/xml" });
  res.end(
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      "<RequestId>r</RequestId></ErrorResponse>",
  );
};

/** Checks a request's SigV4 signature for `service`; answers the error and returns false when it fails. */
function signed(r: Received, res: ServerResponse, service: string, secretOf: (id: string) => string | undefined) {
  try {
    verifySigV4(r, { lookupSecret: secretOf, now: new Date(), service });
    return true;
  } catch (err) {
    xmlError(res, 403, err instanceof SigV4Error ? err.code : "SignatureDoesNotMatch", (err as Error).message);
    return false;
  }
}

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) =>
  typeof d === "string"
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** node:crypto in the shape @smithy/signature-v4 wants. */
class Sha256 {
  private readonly h;
  constructor(secret?: Data) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

/**
 * Checks a request signed with temporary credentials (the server's verifier knows no session
 * tokens): signs the same method, path, signed headers and body again with the AWS SDK's own
 * signer, key and session token, and compares the Authorization headers.
 */
async function signedWithToken(r: Received, c: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+),/.exec(
      String(r.headers.authorization),
    );
  const amzDate = String(r.headers["x-amz-date"]);
  if (!auth || auth[1] !== c.accessKeyId || r.headers["x-amz-security-token"] !== c.sessionToken) return false;
  const headers: Record<string, string> = {};
  for (const name of auth[4]!.split(";")) headers[name] = String(r.headers[name]);
  const signer = new SignatureV4({ credentials: c, region: auth[2]!, service: auth[3]!, sha256: Sha256 });
  const again = await signer.sign(
    { method: r.method, protocol: "http:", hostname: headers.host!, path: r.path, query: {}, headers, body: r.body },
    {
      // 20240301T120000Z → 2024-03-01T12:00:00Z
      signingDate: new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z")),
    },
  );
  return again.headers.authorization === r.headers.authorization;
}

/** The form fields of a query-protocol request. */
export const form = (r: Received) => new URLSearchParams(r.body.toString("utf8"));

/** The access key id in a request's SigV4 Authorization header. */
export const signingKey = (r: Received) => /Credential=([^/]+)\//.exec(String(r.headers.authorization))?.[1];

export interface FakeAws {
  stsUrl: string;
  snsUrl: string;
  /** AssumeRole requests, oldest first. */
  assumeRoles: Received[];
  /** Publish requests, oldest first. */
  publishes: Received[];
  /** Temporary credentials handed out, in order (the n-th AssumeRole gets ASIAFAKE000n). */
  issued: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date }[];
  close(): Promise<void>;
}

export interface FakeAwsOptions {
  /** The server's own key pair: the only one STS accepts. */
  server: { accessKeyId: string; secretAccessKey: string };
  /** What a trust policy would decide: undefined admits, a string is the AccessDenied message. */
  trust?: (f: URLSearchParams) => string | undefined;
  /** What a role's permissions policy would decide for Publish: true admits. */
  mayPublish?: (accessKeyId: string) => boolean;
  /** Sets each credential's Expiration (default one hour after `clock`'s now). */
  clock: Clock;
  lifetimeMs?: number;
}

/** Starts a fake STS and a fake SNS that trust each other's credentials. */
export async function startFakeAws(o: FakeAwsOptions): Promise<FakeAws> {
  const issued: FakeAws["issued"] = [];
  const sts = await serve((r, res) => {
    if (!signed(r, res, "sts", (id) => (id === o.server.accessKeyId ? o.server.secretAccessKey : undefined))) return;
    const f = form(r);
    if (f.get("Action") !== "AssumeRole") return xmlError(res, 400, "InvalidAction", "AssumeRole only");
    const denied = o.trust?.(f);
    if (denied !== undefined) return xmlError(res, 403, "AccessDenied", denied);
    const n = issued.length + 1;
    const c = {
      accessKeyId: `ASIAFAKE${String(n).padStart(4, "0")}`,
      secretAccessKey: `fake-temporary-secret-${n}-0123456789`,
      sessionToken: `fake-session-token-${n}`,
      expiration: new Date(o.clock.now().getTime() + (o.lifetimeMs ?? 3_600_000)),
    };
    issued.push(c);
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
        `<AccessKeyId>${c.accessKeyId}</AccessKeyId><SecretAccessKey>${c.secretAccessKey}</SecretAccessKey>` +
        `<SessionToken>${c.sessionToken}</SessionToken><Expiration>${c.expiration.toISOString()}</Expiration>` +
        "</Credentials><AssumedRoleUser>" +
        `<Arn>${f.get("RoleArn")}/${f.get("RoleSessionName")}</Arn><AssumedRoleId>AROAFAKE:x</AssumedRoleId>` +
        "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>" +
        "</AssumeRoleResponse>",
    );
  });
  const sns = await serve(async (r, res) => {
    // Only temporary credentials STS issued, each with its session token, sign a Publish.
    const key = issued.find((c) => c.accessKeyId === signingKey(r));
    if (!key || !(await signedWithToken(r, key)))
      return xmlError(res, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    if (o.mayPublish && !o.mayPublish(key.accessKeyId))
      return xmlError(res, 403, "AuthorizationError", "not authorized to perform: SNS:Publish");
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      '<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        "<MessageId>00000000-0000-4000-8000-000000000001</MessageId></PublishResult>" +
        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>",
    );
  });
  return {
    stsUrl: sts.url,
    snsUrl: sns.url,
    assumeRoles: sts.got,
    publishes: sns.got,
    issued,
    close: async () => {
      await sts.close();
      await sns.close();
    },
  };
}
