/**
 * The trigger's one error family. A Lambda trigger's "wire" is the thrown error's message:
 * Cognito turns it into `UserLambdaValidationException: PreTokenGeneration failed with error <message>.`,
 * and the hosted UI shows it to the end user. So `message` is public and says only what the user
 * or operator may see; the internal cause stays in `cause` and goes to the log, never into the message.
 */
export type TriggerErrorCode = "InvalidEvent" | "UnsupportedEventVersion" | "UserSyncFailed";

export class TriggerError extends Error {
  override name = "TriggerError";
  constructor(
    readonly code: TriggerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The event lacks something Cognito always sends; the message names the field. */
export function invalidEvent(detail: string): TriggerError {
  return new TriggerError("InvalidEvent", `invalid PreTokenGeneration event: ${detail}`);
}
