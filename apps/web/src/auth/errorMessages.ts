/**
 * The one table that turns Cognito / Amplify error names into sentences a user can act on.
 * Components never show `error.message` from the service directly: those are written for developers.
 */

type Describe = string | ((message: string) => string);

/** A wrong authenticator-app code, whichever operation refused it. */
export const TOTP_CODE_WRONG =
  "That code is not right. Enter the current 6-digit code from your authenticator app (it changes every 30 seconds).";

/** A wrong texted code (SMS MFA at sign-in, or verifying a phone number). */
export const SMS_CODE_WRONG = "That code is not right. Check the latest text message.";

const MESSAGES: Record<string, Describe> = {
  CodeMismatchException: "That code is not right. Check the latest email or ask for a new code.",
  ExpiredCodeException: "That code has expired. Ask for a new code and use the one in the latest email.",
  NotAuthorizedException: (message) => {
    // Cognito reuses NotAuthorizedException for several situations; its message tells them apart.
    if (/current status is confirmed/i.test(message)) return "This email is already verified. You can sign in.";
    // An MFA step answered after the challenge session ran out (3 minutes by default): "Invalid session
    // for the user, session is expired." Only a new sign-in gets a new session.
    if (/invalid session|session is expired/i.test(message))
      return "This sign-in took too long and has expired. Sign in again to get a new code.";
    if (/disabled/i.test(message)) return "This account is disabled. Contact support if you think this is a mistake.";
    if (/attempts exceeded/i.test(message))
      return "Too many failed sign-in attempts. Wait a few minutes, then try again.";
    if (/revoked|expired|invalid (refresh|access) token/i.test(message))
      return "Your session has ended. Please sign in again.";
    return "The email or password is not right.";
  },
  UserNotConfirmedException: "Your email is not verified yet. Enter the code we emailed you, or ask for a new one.",
  UsernameExistsException:
    "An account with this email already exists. Sign in, or reset your password if you forgot it.",
  AliasExistsException: "That email is already used by another account.",
  InvalidPasswordException: (message) => {
    // Cognito names the rule that failed ("Password must have uppercase characters"); that detail is for users.
    const rule = /policy:\s*(.+)$/i.exec(message)?.[1];
    const advice = rule
      ? ` ${sentence(rule)}`
      : " Use a longer password with upper- and lower-case letters, a number and a symbol.";
    return `That password is not strong enough.${advice}`;
  },
  // VerifySoftwareToken's answer to a wrong authenticator code (Cognito API reference, VerifySoftwareToken).
  EnableSoftwareTokenMFAException: TOTP_CODE_WRONG,
  SoftwareTokenMFANotFoundException: "No authenticator app is set up for this account yet. Set one up first.",
  InvalidUserPoolConfigurationException: "This user pool does not allow that sign-in setting.",
  // Amplify: rememberDevice/forgetDevice with no device keys, i.e. the pool does not track devices.
  DeviceMetadataNotFoundException: "This browser is not a device the user pool tracks, so it cannot be remembered.",
  // Not a Cognito answer: this project's userpool names an operation it does not implement this way.
  UnknownOperationException: "The sign-in service does not offer this feature yet.",
  IncorrectMFAMethod: "Choose one of the offered sign-in methods.",
  LimitExceededException: "Too many attempts. Wait a few minutes, then try again.",
  TooManyFailedAttemptsException: "Too many wrong codes. Wait a while, then ask for a new code.",
  TooManyRequestsException: "Too many requests right now. Wait a moment, then try again.",
  UserNotFoundException: "We could not find an account with that email.",
  InvalidParameterException: (message) => {
    if (/no registered\/verified email|no verified/i.test(message)) {
      return "This account has no verified email, so we cannot send a reset code. Verify your email first.";
    }
    return fieldRule(message) ?? "Some of the details are not valid. Check each field and try again.";
  },
  PasswordResetRequiredException: "You need to reset your password before you can sign in.",
  CodeDeliveryFailureException: "We could not send the code. Check the email address, then try again.",
  UserLambdaValidationException: "The sign-up was rejected by a server check. Check your details or contact support.",
  InternalErrorException: "The sign-in service had a problem. Try again in a moment.",
  ResourceNotFoundException: "This app points at a user pool or client that does not exist. Check its configuration.",
  UserAlreadyAuthenticatedException: "You are already signed in. Sign out first to use another account.",
  UserUnAuthenticatedException: "You are not signed in. Sign in first.",
  OAuthNotConfigureException: "Sign in with Google is not configured for this app.",
  OAuthSignInException: (message) =>
    /access_denied|cancel/i.test(message)
      ? "Sign in with Google was cancelled."
      : "The sign-in service did not complete the Google sign-in. Try again.",
  OAuthSignOutException: "We could not sign you out of the hosted sign-in page. Close the browser to end that session.",
  NetworkError: "Cannot reach the sign-in service. Check your connection and try again.",
  // Amplify's PasskeyError codes (the browser's WebAuthn outcome) and Cognito's WebAuthn exceptions.
  PasskeyNotSupported: "This browser cannot use passkeys here. Use another sign-in method.",
  // The browser says NotAllowedError both for a cancelled prompt and for no matching passkey on the device.
  PasskeyAuthenticationCanceled:
    "The passkey sign-in did not finish: it was cancelled, or this device has no passkey for this account. " +
    "Try again, or use another sign-in method.",
  PasskeyRegistrationCanceled: "Adding the passkey was cancelled. No passkey was added.",
  PasskeyOperationAborted: "The passkey request was interrupted. Try again.",
  PasskeyAlreadyExists: "This authenticator already holds a passkey for your account.",
  PasskeyRetrievalFailed: "No passkey for this account was found on this device. Use another sign-in method.",
  PasskeyRegistrationFailed: "The passkey could not be created. Try again, or use another authenticator.",
  RelyingPartyMismatch: "This site is not the one the passkey settings name, so passkeys cannot be used here.",
  WebAuthnNotEnabledException: "Passkeys are not turned on for this user pool.",
  WebAuthnConfigurationMissingException: "Passkeys are not set up for this user pool.",
  WebAuthnRelyingPartyMismatchException: "This site is not the one the passkey settings name.",
  WebAuthnOriginNotAllowedException: "This site is not allowed to use passkeys for this user pool.",
  WebAuthnChallengeNotFoundException: "The passkey request has expired. Try again.",
  WebAuthnCredentialNotSupportedException: "This kind of passkey is not accepted. Try another authenticator.",
  WebAuthnClientMismatchException: "The passkey request was started by another app. Try again.",
};

// Amplify validates input before any request and names each case `Empty…`
// (EmptySignInPassword, EmptyConfirmSignUpCode…).
const EMPTY_FIELD = "Please fill in every field.";
const FALLBACK = "Something went wrong. Please try again.";

/** Per-form wording for an error name, e.g. change password's NotAuthorizedException means "current password". */
export type ErrorOverrides = Partial<Record<string, string>>;

/** A sentence for any thrown value; never the raw service text unless the table says so. */
export function humanizeError(error: unknown, overrides: ErrorOverrides = {}): string {
  const { name, message } = describeThrown(error);
  const override = overrides[name];
  if (override) return override;
  const entry = MESSAGES[name];
  if (typeof entry === "string") return entry;
  if (entry) return entry(message);
  if (name.startsWith("Empty")) return EMPTY_FIELD;
  // fetch() rejects with TypeError("Failed to fetch"/"fetch failed") when the host is unreachable.
  if (name === "TypeError" && /fetch|network/i.test(message)) return MESSAGES.NetworkError as string;
  return FALLBACK;
}

/** The error's stable name, for tests and for the small print under a message. */
export function errorName(error: unknown): string {
  return describeThrown(error).name;
}

function describeThrown(error: unknown): { name: string; message: string } {
  if (error && typeof error === "object") {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return {
      name: typeof name === "string" ? name : "Error",
      message: typeof message === "string" ? message : "",
    };
  }
  return { name: "Error", message: typeof error === "string" ? error : "" };
}

/** What the user calls each request member Cognito's validation message can name. */
const FIELD_NAMES: Record<string, string> = {
  username: "email address",
  USERNAME: "email address",
  password: "password",
  PASSWORD: "password",
  proposedPassword: "new password",
  previousPassword: "current password",
  NEW_PASSWORD: "new password",
  confirmationCode: "code",
};

/**
 * "Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256" names the
 * field and the rule; the user gets both in words ("The password is too long: use at most 256 characters.").
 * Only the first complaint: the form is fixed one field at a time.
 */
function fieldRule(message: string): string | undefined {
  const m = /Value at '(?:[\w.]*\.)?([\w]+)' failed to satisfy constraint: ([^;]+)/.exec(message);
  const field = m?.[1] && FIELD_NAMES[m[1]];
  if (!m || !field) return undefined;
  const rule = m[2]!;
  const Field = field.charAt(0).toUpperCase() + field.slice(1);
  const longest = /length less than or equal to (\d+)/.exec(rule)?.[1];
  if (longest) return `The ${field} is too long: use at most ${longest} characters.`;
  const shortest = /length greater than or equal to (\d+)/.exec(rule)?.[1];
  if (shortest === "1") return `Enter your ${field}.`;
  if (shortest) return `The ${field} is too short: use at least ${shortest} characters.`;
  if (/regular expression pattern/.test(rule)) {
    // A password's only pattern (Cognito's ^[\S]+.*[\S]+$, this pool's \S(?:[\s\S]*\S)?): no space at either end.
    return field.endsWith("password")
      ? `${Field} must not start or end with a space.`
      : `${Field} contains characters that are not allowed.`;
  }
  return `${Field} is not valid.`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
