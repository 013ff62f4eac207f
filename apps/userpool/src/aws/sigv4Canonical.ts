/**
 * The pieces of the SigV4 canonical request, rebuilt from what the server actually received.
 * Spec: "Create a canonical request for Signature Version 4" (docs.aws.amazon.com, IAM user guide,
 * "Elements of an AWS API request signature"). The client side we must agree with byte for byte is
 * @smithy/signature-v4 (used by every AWS SDK for JavaScript v3 client).
 */
import type { IncomingHttpHeaders } from "node:http";

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters, hex in upper case. */
export function uriEncode(value: string): string {
  // encodeURIComponent leaves !'()* alone; SigV4 treats them as reserved.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Canonical URI for every service except S3: dot segments removed, empty segments dropped, then the
 * (already percent-encoded) wire path is encoded once more. Encoding the wire path is what makes the
 * result "double encoded", as the spec requires for non-S3 services.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return uriEncode(`${leading}${segments.join("/")}${trailing}`).replace(/%2F/g, "/");
}

export interface QueryParam {
  readonly name: string; // decoded
  readonly value: string; // decoded
}

/** Splits a raw query string into decoded name/value pairs (a name without "=" has the value ""). */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === "") return params;
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    params.push({ name: percentDecode(name), value: percentDecode(value) });
  }
  return params;
}

// "+" stays a literal plus: SigV4 clients send spaces as %20, and a literal "+" re-encodes to %2B as they sign it.
function percentDecode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // A malformed escape cannot have been produced by a SigV4 signer; keep it so the signature simply fails.
    return s;
  }
}

/**
 * Canonical query string: every pair re-encoded, sorted by name then value,
 * `exclude` (the signature itself) left out.
 */
export function canonicalQuery(params: readonly QueryParam[], exclude?: string): string {
  const encoded: Array<[string, string]> = [];
  for (const { name, value } of params) {
    if (exclude !== undefined && name.toLowerCase() === exclude) continue;
    encoded.push([uriEncode(name), uriEncode(value)]);
  }
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return encoded.map(([n, v]) => `${n}=${v}`).join("&");
}

/** One header's canonical value: runs of spaces/tabs collapsed, ends trimmed; repeated headers joined by ",". */
export function canonicalHeaderValue(value: string | string[] | undefined): string {
  if (value === undefined) return "";
  const joined = Array.isArray(value) ? value.map(trimAll).join(",") : trimAll(value);
  return joined;
}

const NEEDS_TRIM = /[\r\n\t]| {2}|^ | $/;

function trimAll(v: string): string {
  if (!NEEDS_TRIM.test(v)) return v; // the usual case: one regex instead of three
  return v
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
}

/** The canonical headers block (each "name:value\n") for the signed names, which are lower-case and sorted. */
export function canonicalHeaders(headers: IncomingHttpHeaders, signedNames: readonly string[]): string {
  let out = "";
  // Own properties only: node's headers object has a prototype, and "constructor" is a legal header name.
  for (const name of signedNames)
    out += `${name}:${canonicalHeaderValue(Object.hasOwn(headers, name) ? headers[name] : undefined)}\n`;
  return out;
}
