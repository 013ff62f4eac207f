import { AwsError } from "./awsError.js";

/**
 * The Cognito error family. One table holds every exception name this server sends, its HTTP
 * status and its default message; handlers only `throw`, and `translate.ts` writes the wire form.
 *
 * Statuses follow the Cognito API reference ("Errors" sections): every modelled exception is
 * 400 except InternalErrorException (500) and ForbiddenException (403). SerializationException and
 * UnknownOperationException are the AWS JSON protocol's own errors.
 */
const TABLE = {
  AliasExistsException: [400, "An account with the given email already exists."],
  CodeDeliveryFailureException: [400, "Unable to deliver the verification code."],
  CodeMismatchException: [400, "Invalid verification code provided, please try again."],
  ConcurrentModificationException: [400, "The resource was modified concurrently, please retry."],
  DuplicateProviderException: [400, "A provider with this name already exists in the user pool."],
  EnableSoftwareTokenMFAException: [400, "Code mismatch and fail enable Software Token MFA"],
  ExpiredCodeException: [400, "Invalid code provided, please request a code again."],
  FeatureUnavailableInTierException: [400, "This feature is not available in the user pool's feature plan."],
  ForbiddenException: [403, "Forbidden."],
  GroupExistsException: [400, "A group with the name already exists."],
  InternalErrorException: [500, "Internal server error."],
  InvalidLambdaResponseException: [400, "Invalid lambda response."],
  InvalidParameterException: [400, "Invalid parameter."],
  InvalidPasswordException: [400, "Password did not conform with policy."],
  InvalidSmsRoleAccessPolicyException: [400, "Role does not have permission to publish with SNS."],
  InvalidSmsRoleTrustRelationshipException: [
    400,
    "Role does not have a trust relationship allowing the user pool to assume the role.",
  ],
  InvalidUserPoolConfigurationException: [400, "Invalid user pool configuration."],
  LimitExceededException: [400, "Attempt limit exceeded, please try after some time."],
  NotAuthorizedException: [400, "Incorrect username or password."],
  PasswordResetRequiredException: [400, "Password reset required for the user"],
  PreconditionNotMetException: [400, "Precondition not met."],
  ResourceNotFoundException: [400, "Resource not found."],
  SoftwareTokenMFANotFoundException: [400, "Software Token MFA has not been enabled by the userPool."],
  SerializationException: [400, "The request body could not be parsed as JSON."],
  TooManyFailedAttemptsException: [400, "Too many failed attempts."],
  TooManyRequestsException: [400, "Too many requests."],
  UnauthorizedException: [400, "The request is not authorized."],
  UnexpectedLambdaException: [400, "Unexpected lambda error."],
  UnknownOperationException: [400, "Unknown operation."],
  UnsupportedOperationException: [400, "This operation is not supported."],
  UnsupportedTokenTypeException: [400, "The token type is not supported."],
  UnsupportedUserStateException: [400, "The user is in an unsupported state."],
  UserLambdaValidationException: [400, "Lambda validation failed."],
  UserNotConfirmedException: [400, "User is not confirmed."],
  UserNotFoundException: [400, "User does not exist."],
  UsernameExistsException: [400, "User already exists"],
  WebAuthnChallengeNotFoundException: [400, "The passkey registration challenge was not found or has expired."],
  WebAuthnClientMismatchException: [400, "The passkey registration was started by another app client."],
  WebAuthnConfigurationMissingException: [400, "The user pool has no passkey relying party ID and no domain."],
  WebAuthnCredentialNotSupportedException: [400, "The passkey credential is not supported."],
  WebAuthnNotEnabledException: [400, "Passkey sign-in is not enabled for the user pool."],
  WebAuthnOriginNotAllowedException: [400, "The passkey credential's origin is not allowed."],
  WebAuthnRelyingPartyMismatchException: [400, "The passkey credential is for another relying party."],
} as const satisfies Record<string, readonly [number, string]>;

export type CognitoErrorName = keyof typeof TABLE;

/**
 * Base class: `code` is the AWS exception name, so `switch (err.code)` narrows. `options.cause`
 * (what went wrong inside, e.g. the SMTP error) is logged by the translator and never sent.
 */
export class CognitoError extends AwsError<CognitoErrorName> {
  constructor(code: CognitoErrorName, message?: string, options?: ErrorOptions) {
    super(code, TABLE[code][0], message ?? TABLE[code][1], options);
  }
}

function errorClass<N extends CognitoErrorName>(code: N) {
  return class extends CognitoError {
    declare readonly code: N;
    constructor(message?: string, options?: ErrorOptions) {
      super(code, message, options);
    }
  };
}

export const AliasExistsException = errorClass("AliasExistsException");
export const CodeDeliveryFailureException = errorClass("CodeDeliveryFailureException");
export const CodeMismatchException = errorClass("CodeMismatchException");
export const ConcurrentModificationException = errorClass("ConcurrentModificationException");
export const DuplicateProviderException = errorClass("DuplicateProviderException");
export const EnableSoftwareTokenMFAException = errorClass("EnableSoftwareTokenMFAException");
export const ExpiredCodeException = errorClass("ExpiredCodeException");
export const FeatureUnavailableInTierException = errorClass("FeatureUnavailableInTierException");
export const ForbiddenException = errorClass("ForbiddenException");
export const GroupExistsException = errorClass("GroupExistsException");
export const InternalErrorException = errorClass("InternalErrorException");
export const InvalidLambdaResponseException = errorClass("InvalidLambdaResponseException");
export const InvalidParameterException = errorClass("InvalidParameterException");
export const InvalidPasswordException = errorClass("InvalidPasswordException");
export const InvalidSmsRoleAccessPolicyException = errorClass("InvalidSmsRoleAccessPolicyException");
export const InvalidSmsRoleTrustRelationshipException = errorClass("InvalidSmsRoleTrustRelationshipException");
export const InvalidUserPoolConfigurationException = errorClass("InvalidUserPoolConfigurationException");
export const LimitExceededException = errorClass("LimitExceededException");
export const NotAuthorizedException = errorClass("NotAuthorizedException");
export const PasswordResetRequiredException = errorClass("PasswordResetRequiredException");
export const PreconditionNotMetException = errorClass("PreconditionNotMetException");
export const ResourceNotFoundException = errorClass("ResourceNotFoundException");
export const SerializationException = errorClass("SerializationException");
export const SoftwareTokenMFANotFoundException = errorClass("SoftwareTokenMFANotFoundException");
export const TooManyFailedAttemptsException = errorClass("TooManyFailedAttemptsException");
export const TooManyRequestsException = errorClass("TooManyRequestsException");
export const UnauthorizedException = errorClass("UnauthorizedException");
export const UnexpectedLambdaException = errorClass("UnexpectedLambdaException");
export const UnknownOperationException = errorClass("UnknownOperationException");
export const UnsupportedOperationException = errorClass("UnsupportedOperationException");
export const UnsupportedTokenTypeException = errorClass("UnsupportedTokenTypeException");
export const UnsupportedUserStateException = errorClass("UnsupportedUserStateException");
export const UserLambdaValidationException = errorClass("UserLambdaValidationException");
export const UserNotConfirmedException = errorClass("UserNotConfirmedException");
export const UserNotFoundException = errorClass("UserNotFoundException");
export const UsernameExistsException = errorClass("UsernameExistsException");
export const WebAuthnChallengeNotFoundException = errorClass("WebAuthnChallengeNotFoundException");
export const WebAuthnClientMismatchException = errorClass("WebAuthnClientMismatchException");
export const WebAuthnConfigurationMissingException = errorClass("WebAuthnConfigurationMissingException");
export const WebAuthnCredentialNotSupportedException = errorClass("WebAuthnCredentialNotSupportedException");
export const WebAuthnNotEnabledException = errorClass("WebAuthnNotEnabledException");
export const WebAuthnOriginNotAllowedException = errorClass("WebAuthnOriginNotAllowedException");
export const WebAuthnRelyingPartyMismatchException = errorClass("WebAuthnRelyingPartyMismatchException");

/** The message Cognito uses for every failed sign-in, known user or not. */
export const INCORRECT_CREDENTIALS = "Incorrect username or password.";
/** Cognito's answer to a challenge session that is expired, used up, or not this client's. */
export const CHALLENGE_INVALID = "Invalid session for the user, session is expired.";
