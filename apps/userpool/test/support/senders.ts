/**
 * The custom sender trigger tests' set-up: the recording sender (support/triggers/customSender.mjs), the
 * environment a Lambda gets (KEY_ARN, AWS_ENDPOINT_URL_KMS, credentials), and a forwarder that gives the
 * Lambda's KMS client one stable address while each engine's userpool listens on a port of its own (the
 * Encryption SDK keeps one KMS client per region for the life of the process).
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export const SENDER = fileURLToPath(new URL("./triggers/customSender.mjs", import.meta.url));
export const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

export interface SentCode {
  event: any;
  /** What the sender decrypted. */
  code: string;
}

export function sentCodes(): SentCode[] {
  const g = globalThis as { __authhubSenders?: SentCode[] };
  g.__authhubSenders ??= [];
  return g.__authhubSenders;
}

/** What the sender got for `source` (e.g. CustomEmailSender_SignUp) addressed to `to` (e-mail or phone). */
export function sentTo(source: string, to: string): SentCode[] {
  return sentCodes().filter(
    (s) =>
      s.event.triggerSource === source &&
      (s.event.request.userAttributes.email === to || s.event.request.userAttributes.phone_number === to),
  );
}

export interface KmsForwarder {
  url: string;
  /** The userpool the requests go to now. */
  target: string;
  close(): Promise<void>;
}

/** Forwards every request, headers (Host included, which SigV4 signs) and body unchanged, to `target`. */
export async function startKmsForwarder(): Promise<KmsForwarder> {
  const state = { target: "" };
  const server: Server = createServer((req, res) => {
    const to = new URL(req.url ?? "/", state.target);
    const out = request(to, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get target() {
      return state.target;
    },
    set target(t: string) {
      state.target = t;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sets what a sender Lambda reads from its environment; returns a function that restores the old values. */
export function lambdaEnvironment(kmsUrl: string): () => void {
  const vars: Record<string, string> = {
    KEY_ARN,
    AWS_ENDPOINT_URL_KMS: kmsUrl,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: "us-east-1",
  };
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
