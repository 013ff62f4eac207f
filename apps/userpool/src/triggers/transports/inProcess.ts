/**
 * In-process transport: imports a JavaScript module (ESM or CommonJS) that exports `handler`, once
 * per path, and calls it the way the Lambda Node.js runtime does — `async (event, context)` or
 * `(event, context, callback)`, including the legacy `context.succeed/fail/done`.
 *
 * Like a Lambda invocation, the function gets a copy of the event and its answer is read back as
 * JSON, so it cannot share objects with the server. Unlike Lambda, a function that overruns the
 * timeout cannot be stopped: the runtime stops waiting for it and fails the operation.
 *
 * Nothing is imported that the module policy has not just admitted, and what is imported is the real
 * path it checked (see modulePolicy.ts). Importing is the function's Init phase (`init`), which the
 * runtime runs before the invocation's timer and the server runs at start to warm up (ADR 0054).
 */
import { basename, extname } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import type { Logger } from "../../log.js";
import { errorMessageOf, FunctionError, MalformedResponse } from "../failures.js";
import type { TriggerName } from "../lambdaConfig.js";
import type { TriggerModulePolicy } from "../modulePolicy.js";
import type { FunctionRef } from "../reference.js";
import type { InvokeOptions, Transport } from "./transport.js";

type Callback = (error?: unknown, result?: unknown) => void;
type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * A function that logs through `Symbol.for("authhub.lambda.logSink")` (the user-sync function,
 * packages/triggers/src/log.ts) gives its lines to this server's logger, with its level and format, where Lambda's
 * runtime would take its stdout to CloudWatch; without it they were raw JSON among the formatted lines (ADR 0060).
 */
const LOG_SINK = Symbol.for("authhub.lambda.logSink");
type Handler = ((event: unknown, context: Context, callback: Callback) => unknown) & { close?: () => unknown };

export class InProcessTransport implements Transport {
  private readonly loaded = new Map<string, Promise<Handler>>();

  constructor(private readonly deps: { log: Logger; modules: TriggerModulePolicy; now?: () => number }) {}

  private readonly logSink = (level: LogLevel, msg: string, fields: Record<string, unknown>): void => {
    this.deps.log[level]({ source: "trigger", ...fields }, msg);
  };

  /** Admits the module and imports it once (Lambda's Init phase): warm-up at start, and before each timed call. */
  async init(ref: FunctionRef, where: { poolId: string; trigger: TriggerName }): Promise<void> {
    if (ref.kind !== "module") throw new Error("the in-process transport runs modules only");
    await this.load(await this.deps.modules.admit(ref, where));
  }

  async invoke(ref: FunctionRef, event: object, opts: InvokeOptions): Promise<unknown> {
    if (ref.kind !== "module") throw new Error("the in-process transport runs modules only");
    // Admitted on every call, not only on first load: the cache below is keyed by real path, so a
    // reference that no longer passes never reaches a module loaded for another pool or trigger.
    const real = await this.deps.modules.admit(ref, { poolId: opts.poolId, trigger: opts.trigger });
    const handler = await this.load(real);
    const name = basename(ref.path, extname(ref.path));
    const result = await callHandler(handler, structuredClone(event), this.context(name, opts));
    return asJson(result);
  }

  /** Lets handlers release what they hold (the user-sync function's database pool). */
  async close(): Promise<void> {
    const globals = globalThis as Record<symbol, unknown>;
    if (globals[LOG_SINK] === this.logSink) delete globals[LOG_SINK];
    const handlers = await Promise.allSettled([...this.loaded.values()]);
    this.loaded.clear();
    for (const h of handlers) {
      if (h.status !== "fulfilled" || typeof h.value.close !== "function") continue;
      try {
        await h.value.close();
      } catch (err) {
        this.deps.log.warn(
          { err: { name: (err as Error).name, message: (err as Error).message } },
          "trigger handler close() failed",
        );
      }
    }
  }

  /** Imports the module once; a failed import is not remembered, so fixing the file and retrying works. */
  private load(path: string): Promise<Handler> {
    let p = this.loaded.get(path);
    if (!p) {
      // Process-wide, like stdout: the latest transport to load a function takes the lines.
      (globalThis as Record<symbol, unknown>)[LOG_SINK] = this.logSink;
      p = importHandler(path, this.deps.log);
      this.loaded.set(path, p);
      p.catch(() => this.loaded.delete(path));
    }
    return p;
  }

  private context(functionName: string, opts: InvokeOptions): Context {
    const now = this.deps.now ?? Date.now;
    const deadline = now() + opts.timeoutMs;
    const unsupported = () => {
      throw new Error("set by callHandler");
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:${opts.region}:000000000000:function:${functionName}`,
      memoryLimitInMB: "128",
      awsRequestId: opts.requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: "in-process",
      ...(opts.callerRequestId ? { clientContext: callerContext(opts.callerRequestId) } : {}),
      getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
    };
  }
}

async function importHandler(path: string, log: Logger): Promise<Handler> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    log.error(
      { path, err: { name: (err as Error).name, message: (err as Error).message } },
      "trigger module failed to load",
    );
    throw new FunctionError("Runtime.ImportModuleError: the function module could not be loaded", { cause: err });
  }
  // ESM `export const handler`, CommonJS `exports.handler` (named through Node's CJS interop), or a
  // CommonJS `module.exports = { handler }` Node could not analyse (only `default` then).
  const fromDefault =
    mod.default && typeof mod.default === "object" ? (mod.default as Record<string, unknown>).handler : undefined;
  const handler = mod.handler ?? fromDefault;
  if (typeof handler !== "function") {
    log.error({ path }, "trigger module exports no handler function");
    throw new FunctionError("Runtime.HandlerNotFound: handler is undefined or not exported");
  }
  return handler as Handler;
}

/** Calls a handler as the Lambda Node.js runtime would and settles with the first answer it gives. */
function callHandler(handler: Handler, event: unknown, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, result: unknown) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(new FunctionError(errorMessageOf(error), { cause: error }));
      else resolve(result);
    };
    const callback: Callback = (error, result) => finish(error, result);
    context.succeed = (result?: unknown) => finish(null, result);
    context.fail = (error: unknown) => finish(error ?? new Error("handled"), undefined);
    context.done = (error?: unknown, result?: unknown) => finish(error, result);
    let returned: unknown;
    try {
      returned = handler(event, context, callback);
    } catch (err) {
      finish(err ?? new Error("the handler threw"), undefined);
      return;
    }
    // An async handler answers with its promise; a callback-style one through the callback.
    if (
      returned !== null &&
      typeof returned === "object" &&
      typeof (returned as PromiseLike<unknown>).then === "function"
    ) {
      (returned as PromiseLike<unknown>).then(
        (result) => finish(null, result),
        (err: unknown) => finish(err ?? new Error("the handler rejected"), undefined),
      );
    }
  });
}

/** What the answer would look like after crossing the wire from Lambda. */
function asJson(result: unknown): unknown {
  if (result === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch {
    throw new MalformedResponse("Unrecognizable lambda output");
  }
  return text === undefined ? null : JSON.parse(text);
}

/** Lambda's ClientContext shape, carrying only the caller's request ID (see InvokeOptions.callerRequestId). */
function callerContext(requestId: string): NonNullable<Context["clientContext"]> {
  return {
    client: { installationId: "", appTitle: "userpool", appVersionName: "", appVersionCode: "", appPackageName: "" },
    env: { platformVersion: "", platform: "", make: "", model: "", locale: "" },
    custom: { requestId },
  };
}
