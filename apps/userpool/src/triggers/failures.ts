/**
 * How a trigger invocation can fail, before the runtime turns it into the Cognito error:
 * - FunctionError: the function ran and failed (threw, rejected, called back with an error);
 * - MalformedResponse: it answered something Cognito cannot use;
 * - InvocationError: it could not be run at all (no such function or module, the Lambda endpoint refused).
 * Timeouts are detected by the runtime itself.
 */
export class FunctionError extends Error {
  override name = "FunctionError";
  /** `message` is the function's own error message (Lambda's `errorMessage`), which Cognito shows the caller. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class MalformedResponse extends Error {
  override name = "MalformedResponse";
}

export class InvocationError extends Error {
  override name = "InvocationError";
  /** An AWS-style error code for the message (ResourceNotFoundException, AccessDeniedException, …). */
  constructor(
    readonly code: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

/** The message of whatever a handler threw or passed to its callback, as Lambda reports it in `errorMessage`. */
export function errorMessageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "string") return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
