/**
 * AWS Signature Version 4 verification for the IAM-authorized ("admin") Cognito operations.
 *
 * Cognito refuses AdminCreateUser, CreateUserPool, … unless the caller signs the request with SigV4.
 * We check the signature against access keys from configuration (development default: key `local`,
 * secret `local`, any region) and answer failures with the error names, statuses and wording AWS uses
 * (see ./sigv4Errors.ts for the sources).
 *
 * The checks run in the order AWS runs them, so a client sees the same first error AWS would give:
 * auth present → parameters complete → date format → freshness → host/date signed → algorithm →
 * credential shape → scope → key known → signature → security token.
 *
 * Cost per request: one SHA-256 of the body, one of the canonical request, one HMAC, and the four-HMAC
 * signing-key chain only when (secret, date, region, service) is not in the small cache.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

import { canonicalHeaders, canonicalQuery, canonicalUri, parseQuery, type QueryParam } from "./sigv4Canonical.js";
import { sigv4Errors as E } from "./sigv4Errors.js";

export { SigV4Error, SIGV4_ERROR_STATUS, type SigV4ErrorType } from "./sigv4Errors.js";

export interface SignedRequest {
  method: string;
  /** Raw request path as received, without the query string (e.g. "/"). */
  path: string;
  /** Raw query string without "?" ("" if none). */
  query: string;
  /** As node gives them (lower-cased names). */
  headers: IncomingHttpHeaders;
  /** Exact raw body bytes. */
  body: Buffer;
}

export interface SigV4Options {
  /** The secret for an access key id; undefined = unknown key. */
  lookupSecret(accessKeyId: string): string | undefined;
  /** Injected clock. */
  now: Date;
  /** Service name the credential scope must carry; default "cognito-idp". */
  service?: string;
  /** Allowed clock difference either way; default 5 minutes, as AWS. */
  maxSkewMs?: number;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const TERMINATOR = "aws4_request";
const DEFAULT_SERVICE = "cognito-idp";
const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;
const SIGNATURE_PARAM = "x-amz-signature";
// Query parameters that mark a presigned (query-string) SigV4 request.
const QUERY_AUTH_MARKERS = new Set(["x-amz-algorithm", "x-amz-credential", "x-amz-signature"]);

/** True if the request carries any SigV4 material (Authorization header or X-Amz-* auth query params). */
export function hasSigV4(req: SignedRequest): boolean {
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.trim() !== "") return true;
  return hasQueryAuth(parseQuery(req.query));
}

/**
 * Verifies an `Authorization: AWS4-HMAC-SHA256 …` header (and X-Amz-Date / X-Amz-Content-Sha256 /
 * X-Amz-Security-Token if present), or the same material carried as presigned query parameters.
 * Returns the caller's key id and the region it signed for; throws SigV4Error otherwise.
 */
export function verifySigV4(req: SignedRequest, opts: SigV4Options): { accessKeyId: string; region: string } {
  const service = opts.service ?? DEFAULT_SERVICE;
  const maxSkewMs = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const query = parseQuery(req.query);
  const auth = readAuth(req, query);

  const signedAt = parseAmzDate(auth.amzDate);
  checkFreshness(auth, signedAt, opts.now, maxSkewMs);

  const signedNames = normaliseSignedHeaders(auth.signedHeaders);
  checkSignedHeaderSet(req.headers, signedNames, auth.source);

  if (auth.algorithm !== ALGORITHM) throw E.unsupportedAlgorithm(auth.algorithm);
  const scope = parseCredential(auth.credential);
  checkScope(scope, service, auth.amzDate);

  const secret = opts.lookupSecret(scope.accessKeyId);
  // typeof, not === undefined: a lookup backed by a plain object answers "constructor" with a function.
  if (typeof secret !== "string") throw E.unknownKey();

  const payloadHash = payloadHashFor(req, auth);
  const canonicalRequest =
    `${req.method}\n${canonicalUri(req.path)}\n${canonicalQuery(query, SIGNATURE_PARAM)}\n` +
    `${canonicalHeaders(req.headers, signedNames)}\n${signedNames.join(";")}\n${payloadHash}`;
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/${TERMINATOR}`;
  const stringToSign = `${ALGORITHM}\n${auth.amzDate}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
  const expected = createHmac("sha256", signingKey(secret, scope.date, scope.region, scope.service))
    .update(stringToSign)
    .digest();
  if (!signatureMatches(auth.signature, expected)) throw E.mismatch();

  // We run no STS, so there are no temporary credentials: a session token can only be one we never
  // issued (or a real AWS one sent to the wrong endpoint). AWS checks it after the signature; so do we.
  if (auth.securityToken !== undefined) throw E.badSecurityToken();

  return { accessKeyId: scope.accessKeyId, region: scope.region };
}

// ---- reading the auth material -------------------------------------------------------------

interface AuthMaterial {
  source: "header" | "query";
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  securityToken: string | undefined;
  /** Presigned only: X-Amz-Expires in seconds, if given. */
  expiresSeconds: number | undefined;
  /** The payload hash the client says it signed, if it says one. */
  claimedPayloadHash: string | undefined;
}

function hasQueryAuth(query: readonly QueryParam[]): boolean {
  return query.some((p) => QUERY_AUTH_MARKERS.has(p.name.toLowerCase()));
}

function readAuth(req: SignedRequest, query: readonly QueryParam[]): AuthMaterial {
  const header = req.headers.authorization?.trim() ?? "";
  // AWS treats anything not starting "AWS4-" (Bearer, Basic, SigV2, nothing) as no token at all.
  const headerIsSigV4 = header.startsWith("AWS4-");
  const queryIsSigV4 = hasQueryAuth(query);
  if (headerIsSigV4 && queryIsSigV4) throw E.bothMechanisms();
  if (headerIsSigV4) return readHeaderAuth(req.headers, header);
  if (queryIsSigV4) return readQueryAuth(req.headers, query);
  throw E.missingToken();
}

function readHeaderAuth(headers: IncomingHttpHeaders, authorization: string): AuthMaterial {
  const space = authorization.search(/\s/);
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  const rest = space < 0 ? "" : authorization.slice(space + 1);
  const fields = new Map<string, string>();
  for (const raw of rest.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) throw E.notKeyValue(part, authorization);
    const key = part.slice(0, eq).trim();
    if (!fields.has(key)) fields.set(key, part.slice(eq + 1).trim());
  }

  const amzDate = single(headers["x-amz-date"]);
  const missing: string[] = [];
  // Same order and sentences as AWS; an empty SignedHeaders is "present" and fails the Host check later.
  if (!fields.get("Credential")) missing.push(E.missingParam("Credential"));
  if (!fields.get("Signature")) missing.push(E.missingParam("Signature"));
  if (!fields.has("SignedHeaders")) missing.push(E.missingParam("SignedHeaders"));
  if (amzDate === undefined && single(headers.date) === undefined) missing.push(E.missingDate());
  if (missing.length > 0) throw E.missingAuthParts(missing, authorization);
  // Only a bare Date header: AWS would accept it, we require the X-Amz-Date every SDK sends.
  if (amzDate === undefined) throw E.amzDateNotSigned();

  return {
    source: "header",
    algorithm,
    credential: fields.get("Credential") ?? "",
    signedHeaders: fields.get("SignedHeaders") ?? "",
    signature: fields.get("Signature") ?? "",
    amzDate,
    securityToken: single(headers["x-amz-security-token"]),
    expiresSeconds: undefined,
    claimedPayloadHash: single(headers["x-amz-content-sha256"]),
  };
}

function readQueryAuth(headers: IncomingHttpHeaders, query: readonly QueryParam[]): AuthMaterial {
  // AWS's query parameter names are case-sensitive; the first occurrence wins.
  const get = (name: string) => query.find((p) => p.name === name)?.value;
  const required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];
  const missing = required.filter((name) => !get(name));
  if (missing.length > 0) throw E.missingQueryParams(missing);

  const expiresRaw = get("X-Amz-Expires");
  let expiresSeconds: number | undefined;
  if (expiresRaw !== undefined) {
    expiresSeconds = /^\d{1,7}$/.test(expiresRaw) ? Number(expiresRaw) : Number.NaN;
    if (!(expiresSeconds >= 1 && expiresSeconds <= MAX_PRESIGN_SECONDS)) throw E.badExpires(expiresRaw);
  }

  return {
    source: "query",
    algorithm: get("X-Amz-Algorithm") ?? "",
    credential: get("X-Amz-Credential") ?? "",
    signedHeaders: get("X-Amz-SignedHeaders") ?? "",
    signature: get("X-Amz-Signature") ?? "",
    amzDate: get("X-Amz-Date") ?? "",
    securityToken: get("X-Amz-Security-Token") ?? single(headers["x-amz-security-token"]),
    expiresSeconds,
    // The JS signer hoists x-amz-* headers into the query when presigning, this one included.
    claimedPayloadHash: get("X-Amz-Content-Sha256") ?? single(headers["x-amz-content-sha256"]),
  };
}

function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.join(",");
  return value;
}

// ---- date and freshness --------------------------------------------------------------------

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw E.badDateFormat(value);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20240231 over to March; a date whose fields moved is not a date.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw E.badDateFormat(value);
  }
  return date;
}

/** "20240102T030405Z": the ISO-8601 basic format SigV4 uses. */
function formatAmzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function checkFreshness(auth: AuthMaterial, signedAt: Date, now: Date, maxSkewMs: number): void {
  const nowMs = now.getTime();
  const skewLabel = maxSkewMs % 60_000 === 0 ? `${maxSkewMs / 60_000} min` : `${maxSkewMs / 1000} sec`;
  // A signature from the future beyond the skew is refused in both forms: it would stay valid too long.
  if (signedAt.getTime() > nowMs + maxSkewMs) {
    throw E.notYetCurrent(auth.amzDate, formatAmzDate(new Date(nowMs + maxSkewMs)), formatAmzDate(now), skewLabel);
  }
  if (auth.expiresSeconds !== undefined) {
    // Presigned: valid from X-Amz-Date for X-Amz-Expires seconds, instead of the skew window.
    const lifetimeMs = auth.expiresSeconds * 1000;
    if (signedAt.getTime() < nowMs - lifetimeMs) {
      throw E.presignExpired(
        auth.amzDate,
        formatAmzDate(new Date(nowMs - lifetimeMs)),
        formatAmzDate(now),
        auth.expiresSeconds,
      );
    }
    return;
  }
  if (signedAt.getTime() < nowMs - maxSkewMs) {
    throw E.expired(auth.amzDate, formatAmzDate(new Date(nowMs - maxSkewMs)), formatAmzDate(now), skewLabel);
  }
}

// ---- signed headers, credential scope ------------------------------------------------------

function normaliseSignedHeaders(list: string): string[] {
  // Hot path: signers send the list lower-case, sorted and without duplicates; take it as is.
  const parts = list.split(";");
  let canonical = true;
  for (let i = 0; i < parts.length && canonical; i++) {
    const p = parts[i] as string;
    canonical = p !== "" && p === p.toLowerCase() && (i === 0 || (parts[i - 1] as string) < p);
  }
  if (canonical) return parts;
  const names = new Set<string>();
  for (const name of list.split(";")) {
    const n = name.trim().toLowerCase();
    if (n !== "") names.add(n);
  }
  return [...names].sort();
}

function checkSignedHeaderSet(
  headers: IncomingHttpHeaders,
  signed: readonly string[],
  source: AuthMaterial["source"],
): void {
  // Without Host a signature could be replayed against another endpoint.
  if (!signed.includes("host")) throw E.hostNotSigned();
  // In the header form the date lives in a header; unsigned, a captured request could be re-dated forever.
  if (source === "header" && !signed.includes("x-amz-date")) throw E.amzDateNotSigned();
  // X-Amz-Target picks the operation: unsigned, a captured AdminGetUser could be replayed as
  // AdminDeleteUser. The SDKs always sign it; we insist. Other x-amz-* headers may stay unsigned
  // (a CDN in front adds X-Amz-Cf-Id, for one).
  const unsigned = MUST_BE_SIGNED_IF_PRESENT.filter((h) => Object.hasOwn(headers, h) && !signed.includes(h));
  if (unsigned.length > 0) throw E.headersNotSigned(unsigned);
}

const MUST_BE_SIGNED_IF_PRESENT = ["x-amz-content-sha256", "x-amz-security-token", "x-amz-target"] as const;

interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

function parseCredential(credential: string): CredentialScope {
  // AWS ignores trailing slashes here.
  const parts = credential.replace(/\/+$/, "").split("/");
  if (parts.length !== 5 || parts[0] === "") throw E.credentialShape(credential);
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

// Any region is accepted (the dev credentials work "in any region"); it only has to look like one.
const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkScope(scope: CredentialScope, service: string, amzDate: string): void {
  const problems: string[] = [];
  if (!REGION_PATTERN.test(scope.region)) problems.push(E.scopeRegion(scope.region));
  if (scope.service !== service) problems.push(E.scopeService(service));
  if (scope.terminator !== TERMINATOR) problems.push(E.scopeTerminator(scope.terminator));
  if (scope.date !== amzDate.slice(0, 8)) problems.push(E.scopeDate(scope.date, amzDate));
  if (problems.length > 0) throw E.badScope(problems);
}

// ---- hashing and the signature -------------------------------------------------------------

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The payload hash for the canonical request: always of the body we received, never a bare claim. */
function payloadHashFor(req: SignedRequest, auth: AuthMaterial): string {
  const computed = sha256Hex(req.body);
  const claimed = auth.claimedPayloadHash;
  if (claimed === undefined) return computed;
  // UNSIGNED-PAYLOAD and streaming modes are refused too: the admin API's body must be covered.
  if (claimed.toLowerCase() !== computed) throw E.payloadHashMismatch();
  return claimed; // the client put its own spelling into its canonical request
}

function signatureMatches(provided: string, expected: Buffer): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(provided)) return false;
  return timingSafeEqual(Buffer.from(provided, "hex"), expected);
}

// Signing keys are valid for one day/region/service; caching them saves four HMACs per request.
// Keyed by the secret itself (memory only) so a rotated secret never meets a stale key.
const SIGNING_KEY_CACHE_MAX = 64;
const signingKeyCache = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${date}\n${region}\n${service}\n${secret}`;
  const cached = signingKeyCache.get(cacheKey);
  if (cached) return cached;
  let key = createHmac("sha256", `AWS4${secret}`).update(date).digest();
  for (const part of [region, service, TERMINATOR]) key = createHmac("sha256", key).update(part).digest();
  if (signingKeyCache.size >= SIGNING_KEY_CACHE_MAX) {
    // Oldest first (Map keeps insertion order); entries age out with the date anyway.
    const oldest = signingKeyCache.keys().next().value;
    if (oldest !== undefined) signingKeyCache.delete(oldest);
  }
  signingKeyCache.set(cacheKey, key);
  return key;
}

/** For tests and benchmarks: how many signing keys are cached. */
export function signingKeyCacheSize(): number {
  return signingKeyCache.size;
}
