/**
 * Lambda Invoke API transport: `InvokeCommand` (RequestResponse) from @aws-sdk/client-lambda, so it
 * works with AWS Lambda or any Lambda-compatible runtime behind `endpoint`. A function error comes
 * back as HTTP 200 with `X-Amz-Function-Error` and `{errorMessage, errorType}` in the payload, which is
 * how Cognito learns the message it shows; any failure to invoke is an InvocationError named after
 * the service's error code.
 */
import type { InvokeCommandOutput, LambdaClient } from "@aws-sdk/client-lambda";
import type { Logger } from "../../log.js";
import { FunctionError, InvocationError, MalformedResponse } from "../failures.js";
import type { FunctionRef } from "../reference.js";
import type { InvokeOptions, Transport } from "./transport.js";

export interface LambdaTransportOptions {
  /** e.g. http://127.0.0.1:9001 for a local Lambda runtime; undefined = the AWS regional endpoint. */
  endpoint?: string;
  /** Explicit credentials; undefined = the SDK's default chain (environment, profile, container/instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  log: Logger;
}

type LambdaSdk = typeof import("@aws-sdk/client-lambda");
let sdk: Promise<LambdaSdk> | undefined;

/**
 * The SDK loads when the first Lambda ARN trigger runs: most servers never invoke one, and it is the
 * heaviest module the userpool uses (~20 MiB resident). A failed load is not remembered.
 */
function loadSdk(): Promise<LambdaSdk> {
  sdk ??= import("@aws-sdk/client-lambda").catch((e: unknown) => {
    sdk = undefined;
    throw e;
  });
  return sdk;
}

export class LambdaInvokeTransport implements Transport {
  private readonly clients = new Map<string, LambdaClient>();

  constructor(private readonly o: LambdaTransportOptions) {}

  async prepare(): Promise<void> {
    await loadSdk();
  }

  async invoke(ref: FunctionRef, event: object, opts: InvokeOptions): Promise<unknown> {
    if (ref.kind !== "lambda") throw new Error("the Lambda transport invokes ARNs only");
    let out: InvokeCommandOutput;
    try {
      const lambda = await loadSdk();
      out = await this.client(ref.region, lambda.LambdaClient).send(
        new lambda.InvokeCommand({
          FunctionName: ref.arn,
          InvocationType: "RequestResponse",
          Payload: Buffer.from(JSON.stringify(event)),
          // The caller's request ID reaches the function as context.clientContext.custom.requestId.
          ...(opts.callerRequestId
            ? {
                ClientContext: Buffer.from(JSON.stringify({ custom: { requestId: opts.callerRequestId } })).toString(
                  "base64",
                ),
              }
            : {}),
        }),
        {
          abortSignal: opts.signal,
        },
      );
    } catch (err) {
      if (opts.signal.aborted) throw err;
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      this.o.log.error(
        { functionArn: ref.arn, err: { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode } },
        "Lambda invocation failed",
      );
      throw new InvocationError(
        /^[A-Za-z]+$/.test(e.name) && e.name !== "Error" ? e.name : "ServiceException",
        e.message,
        { cause: err },
      );
    }
    const text = out.Payload ? Buffer.from(out.Payload).toString("utf8") : "";
    if (out.FunctionError) throw new FunctionError(functionErrorMessage(text));
    if (text === "") return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new MalformedResponse("Unrecognizable lambda output");
    }
  }

  async close(): Promise<void> {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  /** One client per region (the function's region comes from its ARN). */
  private client(region: string, Client: LambdaSdk["LambdaClient"]): LambdaClient {
    let c = this.clients.get(region);
    if (!c) {
      // One attempt: Cognito's 5-second budget covers the whole call, and a retried sign-in trigger
      // could run its side effects twice.
      c = new Client({
        region,
        maxAttempts: 1,
        ...(this.o.endpoint ? { endpoint: this.o.endpoint } : {}),
        ...(this.o.credentials ? { credentials: this.o.credentials } : {}),
      });
      this.clients.set(region, c);
    }
    return c;
  }
}

function functionErrorMessage(payload: string): string {
  try {
    const p = JSON.parse(payload) as { errorMessage?: unknown };
    if (typeof p?.errorMessage === "string") return p.errorMessage;
  } catch {
    // not JSON: the payload itself is the message
  }
  return payload || "Unhandled";
}
