import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLambdaServer, type LambdaServer } from "../../../test/support/lambdaServer.js";
import { createLogger } from "../../log.js";
import { FunctionError, InvocationError } from "../failures.js";
import { parseReference } from "../reference.js";
import { LambdaInvokeTransport } from "./lambdaInvoke.js";

const log = createLogger({ level: "silent" });
const arn = (name: string) => parseReference(`arn:aws:lambda:eu-west-1:123456789012:function:${name}`, "/");
const opts = (signal = new AbortController().signal) => ({
  signal,
  timeoutMs: 5000,
  requestId: "r",
  region: "eu-west-1",
  poolId: "eu-west-1_UnitTest1",
  trigger: "PreSignUp" as const,
});
const credentials = { accessKeyId: "lambda-test", secretAccessKey: "lambda-test-secret" };

let dir: string;
let lambda: LambdaServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lambda-"));
  const file = (name: string, src: string) => {
    writeFileSync(join(dir, name), src);
    return join(dir, name);
  };
  lambda = await startLambdaServer(
    {
      echo: file("echo.mjs", `export const handler = async (e) => ({ ...e, response: { seen: e.userName } });`),
      fails: file("fails.mjs", `export const handler = async () => { throw new Error("rejected by the function"); };`),
      slow: file(
        "slow.mjs",
        `export const handler = () => new Promise((r) => setTimeout(() => r({ late: true }), 2000));`,
      ),
    },
    { [credentials.accessKeyId]: credentials.secretAccessKey },
  );
});
afterAll(async () => {
  await lambda?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Lambda Invoke API transport (against a local Lambda-compatible server)", () => {
  it("invokes the function by ARN with a SigV4-signed request and returns its payload", async () => {
    const t = new LambdaInvokeTransport({ endpoint: lambda.url, credentials, log });
    expect(await t.invoke(arn("echo"), { userName: "u-1", response: {} }, opts())).toEqual({
      userName: "u-1",
      response: { seen: "u-1" },
    });
    expect(lambda.invocations.at(-1)).toMatchObject({
      functionName: "arn:aws:lambda:eu-west-1:123456789012:function:echo",
      accessKeyId: "lambda-test",
    });
    await t.close();
  });

  it("passes the caller's request ID as Lambda's ClientContext, and sends none without one", async () => {
    const t = new LambdaInvokeTransport({ endpoint: lambda.url, credentials, log });
    await t.invoke(arn("echo"), { userName: "u-2", response: {} }, { ...opts(), callerRequestId: "req-0123456789" });
    expect(lambda.invocations.at(-1)!.clientContext).toEqual({ custom: { requestId: "req-0123456789" } });
    await t.invoke(arn("echo"), { userName: "u-3", response: {} }, opts());
    expect(lambda.invocations.at(-1)!.clientContext).toBeUndefined();
    await t.close();
  });

  it("a function error (X-Amz-Function-Error) is a FunctionError with the function's errorMessage", async () => {
    const t = new LambdaInvokeTransport({ endpoint: lambda.url, credentials, log });
    await expect(t.invoke(arn("fails"), {}, opts())).rejects.toEqual(new FunctionError("rejected by the function"));
    await t.close();
  });

  it("an unknown function, or credentials the service refuses, cannot be invoked", async () => {
    const t = new LambdaInvokeTransport({ endpoint: lambda.url, credentials, log });
    const missing = await t.invoke(arn("nope"), {}, opts()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvocationError);
    expect((missing as InvocationError).code).toBe("ResourceNotFoundException");
    const wrong = new LambdaInvokeTransport({
      endpoint: lambda.url,
      credentials: { ...credentials, secretAccessKey: "wrong" },
      log,
    });
    const refused = await wrong.invoke(arn("echo"), {}, opts()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvocationError);
    expect((refused as InvocationError).code).toBe("InvalidSignatureException");
    await Promise.all([t.close(), wrong.close()]);
  });

  it("stops waiting when the runtime aborts the call", async () => {
    const t = new LambdaInvokeTransport({ endpoint: lambda.url, credentials, log });
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 100);
    await expect(t.invoke(arn("slow"), {}, opts(abort.signal))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
    await t.close();
  });
});
