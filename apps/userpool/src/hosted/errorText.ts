/**
 * What a hosted page says when an operation refuses: a sentence for a person, naming the field and the rule,
 * never the API's wording ("Password did not conform with policy: …" is for developers). The API keeps
 * Cognito's messages; only the pages translate them. An error this table does not know gets a plain sentence
 * too, so nothing raw reaches a page. Words follow ADR 0046 ("Sign in", "email").
 */
import { CognitoError } from "../errors/cognitoErrors.js";
import type { PasswordPolicy } from "../services/poolSettings.js";
import { COMPROMISED_PASSWORD } from "../services/risk/threatProtection.js";

/**
 * An error the hosted pages write themselves, already in the page's words (e.g. the unticked terms box).
 * It is still a CognitoError, so the request log names its type like any other.
 */
export class HostedFormError extends CognitoError {
  constructor(message: string) {
    super("InvalidParameterException", message);
  }
}

export interface ErrorContext {
  /** The pool's password policy, to list its rules. */
  policy?: PasswordPolicy;
  /** What the page calls the username field: "email address" in an email-username pool, else "username". */
  usernameNoun: string;
}

/** The pool's rules as one phrase: "at least 8 characters, a lower-case letter, …" */
export function passwordRules(p: PasswordPolicy): string {
  const parts = [`at least ${p.MinimumLength} characters`];
  if (p.RequireLowercase) parts.push("a lower-case letter");
  if (p.RequireUppercase) parts.push("an upper-case letter");
  if (p.RequireNumbers) parts.push("a number");
  if (p.RequireSymbols) parts.push("a symbol");
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** Cognito's reasons (services/passwords.ts) and the rule each one breaks. */
const PASSWORD_REASONS: [RegExp, (p: PasswordPolicy | undefined) => string][] = [
  [/not long enough/i, (p) => `The password is too short: it needs at least ${p?.MinimumLength ?? 8} characters.`],
  [/lowercase/i, () => "The password needs a lower-case letter (a–z)."],
  [/uppercase/i, () => "The password needs an upper-case letter (A–Z)."],
  [/numeric/i, () => "The password needs a number (0–9)."],
  [/symbol/i, () => "The password needs a symbol, such as ! @ # or a space."],
];

function passwordText(message: string, ctx: ErrorContext): string {
  if (message === COMPROMISED_PASSWORD)
    return "This password has appeared in a data breach elsewhere and cannot be used. Choose another password.";
  const reason = PASSWORD_REASONS.find(([re]) => re.test(message));
  const first = reason ? reason[1](ctx.policy) : "The password does not meet the rules.";
  return ctx.policy ? `${first} A password here needs ${passwordRules(ctx.policy)}.` : first;
}

/** InvalidParameterException carries the API's parameter names; say which field of the form it is about. */
function parameterText(message: string, ctx: ErrorContext): string {
  const noun = ctx.usernameNoun;
  if (/password/i.test(message)) return "Enter a password.";
  if (/email address format|email/i.test(message) && !/username/i.test(message))
    return "The email address is not valid. Enter it as name@example.com.";
  if (/code/i.test(message)) return "The code is not valid. Enter the code from the message we sent, digits only.";
  if (/username/i.test(message))
    return noun === "email address"
      ? "The email address is not valid. Enter it as name@example.com, at most 128 characters."
      : "The username is not valid. Use at most 128 characters, with no spaces.";
  return "Some of the details are not valid. Check each field and try again.";
}

const BY_CODE: Record<string, (message: string, ctx: ErrorContext) => string> = {
  InvalidPasswordException: passwordText,
  InvalidParameterException: parameterText,
  UsernameExistsException: (_m, c) =>
    `An account with this ${c.usernameNoun} already exists. Sign in, or reset your password if you forgot it.`,
  AliasExistsException: () => "Another account already uses this email address. Use a different one.",
  CodeMismatchException: () => "The code is not right. Check it and try again.",
  ExpiredCodeException: () => "The code has expired or was already used. Ask for a new one.",
  EnableSoftwareTokenMFAException: () => "The code from your authenticator app is not right. Try the current one.",
  LimitExceededException: () => "Too many attempts. Wait a few minutes, then try again.",
  TooManyRequestsException: () => "Too many requests. Wait a moment, then try again.",
  TooManyFailedAttemptsException: () => "Too many wrong codes. Start again to get a new code.",
  CodeDeliveryFailureException: () => "We could not send the message. Try again later.",
  UserNotFoundException: (_m, c) => `There is no account with this ${c.usernameNoun}.`,
  UserNotConfirmedException: () => "This account is not confirmed yet. Use the link or code we sent to confirm it.",
  PasswordResetRequiredException: () => "You need to reset your password before you can sign in.",
  NotAuthorizedException: (m, c) =>
    /disabled/i.test(m)
      ? "This account is disabled. Ask the app's administrator."
      : /attempts exceeded/i.test(m)
        ? "Too many wrong passwords. Wait a few minutes, then try again."
        : /security reasons/i.test(m)
          ? "This sign-in was blocked for security reasons. Try again later, or ask the app's administrator."
          : /incorrect username or password/i.test(m)
            ? `The ${c.usernameNoun} or password is not right.`
            : /session|expired/i.test(m)
              ? "This sign-in took too long and has expired. Start again."
              : "You cannot do that now. Start again from the sign-in page.",
  // A pool's trigger writes its message for the pool's users: Cognito's hosted UI shows it, so does this page.
  UserLambdaValidationException: (m) => {
    const said = /failed with error (.+?)\.?$/.exec(m)?.[1];
    return said ? `This app did not accept the request: ${said}.` : "This app did not accept the request.";
  },
};

/** The sentence a hosted page shows for `e`. */
export function hostedErrorText(e: CognitoError, ctx: ErrorContext): string {
  if (e instanceof HostedFormError) return e.message;
  const known = BY_CODE[e.code];
  if (known) return known(e.message, ctx);
  if (e.code.startsWith("WebAuthn")) return "The passkey could not be used. Try again, or sign in another way.";
  return "We could not do that. Try again, or start again from the sign-in page.";
}
