import type { TriggerName } from "../lambdaConfig.js";
import type { FunctionRef } from "../reference.js";

export interface InvokeOptions {
  /** Aborted when the runtime stops waiting (timeout); a transport that can cancel work should. */
  signal: AbortSignal;
  /** How long the function has, for Lambda's context.getRemainingTimeInMillis(). */
  timeoutMs: number;
  /** Unique per invocation (the context's awsRequestId). */
  requestId: string;
  /**
   * The ID of the API request that caused the invocation, so the function's log lines can be joined
   * with ours: the context's `clientContext.custom.requestId` (Lambda's ClientContext). Cognito sends
   * no such thing; a function written for Cognito ignores it.
   */
  callerRequestId?: string | undefined;
  /** The pool's region, for the ARN a module function reports about itself. */
  region: string;
  /** Which pool's which trigger this is: an in-process module is admitted per pool and trigger. */
  poolId: string;
  trigger: TriggerName;
}

/**
 * Runs a function with an event and returns what it answered, already as JSON-shaped data (what
 * would cross the wire from Lambda). Throws FunctionError when the function failed, InvocationError
 * when it could not be run. Timeouts are the caller's business.
 */
export interface Transport {
  /** Loads what invoking needs (e.g. a client library on first use); not part of the function's time. */
  prepare?(): Promise<void>;
  /**
   * Lambda's Init phase for one function: loads it (imports the module, runs its top-level code) so
   * that `invoke` finds it ready. Settles at once when it is loaded already; a failed load is not
   * remembered (the next call tries again). Throws what `invoke` would for a function that cannot load.
   */
  init?(ref: FunctionRef, where: { poolId: string; trigger: TriggerName }): Promise<void>;
  invoke(ref: FunctionRef, event: object, opts: InvokeOptions): Promise<unknown>;
  close?(): Promise<void>;
}
