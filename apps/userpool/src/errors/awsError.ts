/**
 * An error in AWS JSON 1.1 terms: `code` is the wire `__type` (a `switch` on it narrows), `status`
 * the HTTP status. The Cognito family and the SigV4 refusals both extend it, so one translator
 * writes them all. `options.cause` is internal: the translator logs it and never sends it.
 */
export class AwsError<C extends string = string> extends Error {
  readonly code: C;
  readonly status: number;
  constructor(code: C, status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.name = code;
  }
}
