/**
 * Which sign-in outcome an answer of InitiateAuth / RespondToAuthChallenge (and their Admin forms)
 * stands for. Read from the answer and the error name at the HTTP edge, so every flow (password,
 * SRP, custom, choice-based, MFA) is counted the same way without hooks in each.
 */
import { INCORRECT_CREDENTIALS } from "../errors/cognitoErrors.js";
import { ChallengeName } from "../protocol/fields.js";
import { PASSWORD_ATTEMPTS_EXCEEDED } from "../services/lockout.js";
import type { SignInOutcome } from "./metrics.js";

const SIGN_IN_OPERATIONS = new Set([
  "InitiateAuth",
  "AdminInitiateAuth",
  "RespondToAuthChallenge",
  "AdminRespondToAuthChallenge",
]);

/** Refreshing tokens is not a sign-in; it has its own request counts. */
const REFRESH_FLOWS = new Set(["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]);

/** Cognito's ChallengeNameType values; anything else is labelled "other" so the label stays bounded. */
const CHALLENGES: ReadonlySet<string> = new Set(ChallengeName.options);

const BY_ERROR: Record<string, SignInOutcome> = {
  UserNotFoundException: "user_not_found",
  UserNotConfirmedException: "user_not_confirmed",
  PasswordResetRequiredException: "password_reset_required",
  CodeMismatchException: "wrong_code",
  ExpiredCodeException: "expired_code",
};

export type Answer = { ok: true; result: unknown } | { ok: false; errorType: string; message: string };

/** The outcome to count, or undefined when the operation is not a sign-in step. */
export function signInOutcome(
  operation: string | undefined,
  input: unknown,
  answer: Answer,
): { outcome: SignInOutcome; challenge?: string } | undefined {
  if (!operation || !SIGN_IN_OPERATIONS.has(operation)) return undefined;
  const flow = (input as { AuthFlow?: unknown } | undefined)?.AuthFlow;
  if (typeof flow === "string" && REFRESH_FLOWS.has(flow)) return undefined;
  if (answer.ok) {
    const r = answer.result as { AuthenticationResult?: unknown; ChallengeName?: unknown } | undefined;
    if (r?.AuthenticationResult) return { outcome: "success" };
    if (typeof r?.ChallengeName === "string")
      return { outcome: "challenge", challenge: CHALLENGES.has(r.ChallengeName) ? r.ChallengeName : "other" };
    return { outcome: "error" };
  }
  if (answer.errorType === "NotAuthorizedException") {
    if (answer.message === PASSWORD_ATTEMPTS_EXCEEDED) return { outcome: "locked" };
    if (answer.message === INCORRECT_CREDENTIALS) return { outcome: "wrong_password" };
    return { outcome: "not_authorized" };
  }
  return { outcome: BY_ERROR[answer.errorType] ?? "error" };
}
