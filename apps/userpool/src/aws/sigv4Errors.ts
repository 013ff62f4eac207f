/**
 * The errors an AWS JSON-protocol ("coral") service such as cognito-idp returns when the IAM
 * (SigV4) authentication of a request fails: one table (name → HTTP status) and one builder per
 * message, so the wording lives in exactly one place.
 *
 * Sources for the names, statuses and wording (facts only, nothing copied):
 * - dynalite (architect/dynalite, formerly mhart/dynalite), `index.js` of its early versions: comments that
 *   record DynamoDB's real responses, in the order the service checks them: MissingAuthenticationToken,
 *   IncompleteSignature (missing parameters, date format, algorithm, credential shape), InvalidSignature
 *   (expiry, 'Host' not signed, credential scope), UnrecognizedClient (unknown key), InvalidSignature
 *   (mismatch), UnrecognizedClient (bad X-Amz-Security-Token). All with HTTP 400.
 * - Real cognito-idp answers quoted in aws/aws-sdk-php#2444 and ArranJacques/laravel-aws-cognito-auth#25:
 *   `400 {"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}`
 *   — Cognito sends the bare exception name, without the `com.amazon.coral.service#` prefix.
 * - aws/aws-sdk-net-extensions-cognito#95 and aws/aws-aspnet-cognito-identity-provider#66: an unsigned
 *   ListUsers / AdminCreateUser to cognito-idp fails with "Missing Authentication Token".
 * - "Signature expired: … is now earlier than … (… - 5 min.)" and "Signature not yet current: … is still
 *   later than … (… + 5 min.)" as InvalidSignatureException, status 400: aws/aws-sdk-js#254,
 *   remind101/logspout-kinesis#21, s12v/awsbeats#48.
 * - "Credential should be scoped to correct service: 'elasticmapreduce'. " as a 400 InvalidSignatureException
 *   from an AWS JSON 1.1 service: aws/aws-sdk-ruby#431.
 * - "'…' not a valid key=value pair (missing equal-sign) in Authorization header: '…'." as
 *   IncompleteSignatureException 400: iann0036/cloud9-sync#10, awslabs/fhir-works-on-aws-deployment#379.
 * - AWS "Common Errors" pages (e.g. RDS / CloudSearch API reference): IncompleteSignature is 400. They list
 *   MissingAuthenticationToken as 403, but that is the query-protocol variant; the JSON services recorded
 *   above answer MissingAuthenticationTokenException with 400, and that is what we copy.
 *
 * Where AWS's wording is unknown to us (X-Amz-Date not signed, presigned-URL expiry, x-amz-content-sha256
 * mismatch on a non-S3 service) the message says so in plain words in the same style; see each builder.
 */

import { AwsError } from "../errors/awsError.js";

export type SigV4ErrorType =
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "UnrecognizedClientException"
  | "InvalidSignatureException";

/** HTTP status per error name, as the AWS JSON-protocol services send them. */
export const SIGV4_ERROR_STATUS: Readonly<Record<SigV4ErrorType, number>> = {
  MissingAuthenticationTokenException: 400,
  IncompleteSignatureException: 400,
  UnrecognizedClientException: 400,
  InvalidSignatureException: 400,
};

/**
 * A refused SigV4 authentication, written by the same translator as the Cognito errors. `code` is
 * the wire `__type`; `message` never holds a secret or the expected signature.
 */
export class SigV4Error extends AwsError<SigV4ErrorType> {
  constructor(code: SigV4ErrorType, message: string) {
    super(code, SIGV4_ERROR_STATUS[code], message);
    this.name = "SigV4Error";
  }
}

const incomplete = (message: string) => new SigV4Error("IncompleteSignatureException", message);
const invalid = (message: string) => new SigV4Error("InvalidSignatureException", message);

/** Message builders. Each returns the error AWS returns for that failure. */
export const sigv4Errors = {
  missingToken: () => new SigV4Error("MissingAuthenticationTokenException", "Missing Authentication Token"),

  /** AWS concatenates every missing part, then echoes the header (the caller's own value, no secret in it). */
  missingAuthParts: (missing: readonly string[], authorization: string) =>
    incomplete(`${missing.join(" ")} Authorization=${authorization}`),
  missingParam: (name: string) => `Authorization header requires '${name}' parameter.`,
  missingDate: () => "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  notKeyValue: (part: string, authorization: string) =>
    incomplete(
      `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    ),

  /** Query-string (presigned) form. Wording modelled on the header form; AWS's exact text is not recorded. */
  missingQueryParams: (missing: readonly string[]) =>
    incomplete(
      `AWS query-string parameters must include ${missing.map((m) => `'${m}'`).join(", ")}. ` +
        "Re-examine the query-string parameters.",
    ),
  bothMechanisms: () =>
    incomplete(
      "Only one auth mechanism allowed; " +
        "only the X-Amz-Algorithm query parameter or the Authorization header should be specified.",
    ),
  badExpires: (value: string) =>
    incomplete(`X-Amz-Expires must be an integer number of seconds between 1 and 604800, got '${value}'.`),

  badDateFormat: (value: string) =>
    incomplete(`Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`),
  unsupportedAlgorithm: (algorithm: string) =>
    incomplete(`Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `),
  credentialShape: (credential: string) =>
    incomplete(
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, " +
        `got '${credential}'`,
    ),

  expired: (signed: string, earliest: string, now: string, skew: string) =>
    invalid(`Signature expired: ${signed} is now earlier than ${earliest} (${now} - ${skew}.)`),
  notYetCurrent: (signed: string, latest: string, now: string, skew: string) =>
    invalid(`Signature not yet current: ${signed} is still later than ${latest} (${now} + ${skew}.)`),
  /** Presigned URL past its X-Amz-Expires; same shape as the skew message, counted in seconds. */
  presignExpired: (signed: string, earliest: string, now: string, expiresSeconds: number) =>
    invalid(`Signature expired: ${signed} is now earlier than ${earliest} (${now} - ${expiresSeconds} sec.)`),

  hostNotSigned: () => invalid("'Host' must be a 'SignedHeader' in the AWS Authorization."),
  /** S3's sentence for the same refusal (quoted in soto-project/soto-core#99); see checkSignedHeaderSet for why. */
  headersNotSigned: (names: readonly string[]) =>
    invalid(`There were headers present in the request which were not signed: ${names.join(", ")}.`),
  /** AWS also accepts a signed `Date` header; we require X-Amz-Date (the only one the SDKs send) and say so. */
  amzDateNotSigned: () => invalid("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."),

  /** AWS lists every scope problem in one message; each sentence keeps its trailing space, as AWS sends it. */
  scopeRegion: (region: string) => `Credential should be scoped to a valid region, not '${region}'. `,
  scopeService: (service: string) => `Credential should be scoped to correct service: '${service}'. `,
  scopeTerminator: (term: string) =>
    `Credential should be scoped with a valid terminator: 'aws4_request', not '${term}'. `,
  scopeDate: (scopeDate: string, amzDate: string) =>
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
    `'${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
  badScope: (problems: readonly string[]) => invalid(problems.join("")),

  unknownKey: () =>
    new SigV4Error("UnrecognizedClientException", "The security token included in the request is invalid."),
  /** We run no STS, so no session token can be valid; the recorded AWS text has no final period. */
  badSecurityToken: () =>
    new SigV4Error("UnrecognizedClientException", "The security token included in the request is invalid"),

  /** S3 words this "XAmzContentSHA256Mismatch"; a JSON service only has InvalidSignature to say it with. */
  payloadHashMismatch: () => invalid("The provided 'x-amz-content-sha256' header does not match what was computed."),
  /** AWS appends the canonical request and string-to-sign; we leave them out so nothing derived is echoed. */
  mismatch: () =>
    invalid(
      "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    ),
} as const;
