/**
 * Attack corpus for verifySigV4: each entry mutates a request that the AWS SDK signer signed correctly
 * (AdminGetUser, key AKIDEXAMPLE, 2024-03-01T12:00:00Z, us-east-1, with x-amz-content-sha256) the way an
 * attacker holding a captured request would, names the weakness class it probes, and the error AWS's
 * name for the refusal. sigv4.test.ts runs every entry.
 */
import { createHash } from "node:crypto";

import type { SignedRequest, SigV4ErrorType } from "../../src/aws/sigv4.js";

export interface SigV4Attack {
  name: string;
  /** The weakness class this entry covers. */
  covers: string;
  mutate(req: SignedRequest): SignedRequest;
  expect: SigV4ErrorType;
}

const setHeader = (req: SignedRequest, name: string, value: string): SignedRequest => ({
  ...req,
  headers: { ...req.headers, [name]: value },
});
const editAuth = (req: SignedRequest, edit: (auth: string) => string): SignedRequest =>
  setHeader(req, "authorization", edit(String(req.headers.authorization)));
const otherBody = JSON.stringify({ UserPoolId: "us-east-1_AuthHub01", Username: "mallory" });
const otherBodyHash = createHash("sha256").update(otherBody).digest("hex");

export const sigv4Attacks: readonly SigV4Attack[] = [
  {
    name: "X-Amz-Target swapped to another operation",
    covers: "CWE-294 capture-replay: reuse a signed request to run a different admin operation",
    mutate: (r) => setHeader(r, "x-amz-target", "AWSCognitoIdentityProviderService.AdminDeleteUser"),
    expect: "InvalidSignatureException",
  },
  {
    name: "X-Amz-Target dropped from SignedHeaders",
    covers: "CWE-347 partial signature coverage: make the operation header unsigned, then swap it",
    mutate: (r) => editAuth(r, (a) => a.replace(";x-amz-target", "")),
    expect: "InvalidSignatureException",
  },
  {
    name: "body swapped and x-amz-content-sha256 recomputed for it",
    covers: "CWE-345 payload substitution: the hash header is signed, so recomputing it cannot help",
    mutate: (r) => ({ ...setHeader(r, "x-amz-content-sha256", otherBodyHash), body: Buffer.from(otherBody) }),
    expect: "InvalidSignatureException",
  },
  {
    name: "payload declared UNSIGNED-PAYLOAD",
    covers: "CWE-345 payload substitution by opting the body out of the signature",
    mutate: (r) => ({ ...setHeader(r, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), body: Buffer.from(otherBody) }),
    expect: "InvalidSignatureException",
  },
  {
    name: "method changed POST → PUT",
    covers: "CWE-347 canonical request mismatch: method is part of the signature",
    mutate: (r) => ({ ...r, method: "PUT" }),
    expect: "InvalidSignatureException",
  },
  {
    name: "Host changed",
    covers: "CWE-294 replay against another endpoint",
    mutate: (r) => setHeader(r, "host", "evil.example:9229"),
    expect: "InvalidSignatureException",
  },
  {
    name: "path changed",
    covers: "CWE-347 canonical request mismatch: path is part of the signature",
    mutate: (r) => ({ ...r, path: "/admin" }),
    expect: "InvalidSignatureException",
  },
  {
    name: "query parameter appended",
    covers: "CWE-235 parameter injection",
    mutate: (r) => ({ ...r, query: "Username=mallory" }),
    expect: "InvalidSignatureException",
  },
  {
    name: "X-Amz-Date moved 4 minutes forward (still inside the skew)",
    covers: "CWE-294 re-dating a captured request to extend its life",
    mutate: (r) => setHeader(r, "x-amz-date", "20240301T120400Z"),
    expect: "InvalidSignatureException",
  },
  {
    name: "credential scope region swapped",
    covers: "CWE-347 scope confusion: the scope is inside the string to sign",
    mutate: (r) => editAuth(r, (a) => a.replace("/us-east-1/", "/eu-west-1/")),
    expect: "InvalidSignatureException",
  },
  {
    name: "access key id swapped to another known key",
    covers: "CWE-287 identity substitution: claim another principal with the same signature",
    mutate: (r) => editAuth(r, (a) => a.replace("Credential=AKIDEXAMPLE/", "Credential=local/")),
    expect: "InvalidSignatureException",
  },
  {
    name: "forged Signature placed before the real one",
    covers: "CWE-235 parameter pollution in the Authorization header",
    mutate: (r) => editAuth(r, (a) => a.replace("Signature=", `Signature=${"0".repeat(64)}, Signature=`)),
    expect: "InvalidSignatureException",
  },
  {
    name: "signature truncated to 128 bits",
    covers: "CWE-1204/CWE-328 truncated MAC accepted by a length-tolerant compare",
    mutate: (r) => editAuth(r, (a) => a.replace(/(Signature=[0-9a-f]{32})[0-9a-f]{32}/, "$1")),
    expect: "InvalidSignatureException",
  },
  {
    name: "SignedHeaders claims a header the request does not carry",
    covers: "CWE-347 canonical headers built from the claim rather than the request",
    mutate: (r) => editAuth(r, (a) => a.replace("SignedHeaders=", "SignedHeaders=content-md5;")),
    expect: "InvalidSignatureException",
  },
  {
    name: "SignedHeaders naming prototype properties (constructor, __proto__, toString)",
    covers: "CWE-1321 prototype pollution / property confusion when reading headers by name",
    mutate: (r) => editAuth(r, (a) => a.replace("SignedHeaders=", "SignedHeaders=__proto__;constructor;tostring;")),
    expect: "InvalidSignatureException",
  },
  {
    name: "access key id 'constructor'",
    covers: "CWE-1321 property confusion in the key lookup",
    mutate: (r) => editAuth(r, (a) => a.replace("Credential=AKIDEXAMPLE/", "Credential=constructor/")),
    expect: "UnrecognizedClientException",
  },
  {
    name: "signature emptied",
    covers: "CWE-306 missing authentication: a present but empty signature",
    mutate: (r) => editAuth(r, (a) => a.replace(/Signature=[0-9a-f]+/, "Signature=")),
    expect: "IncompleteSignatureException",
  },
  {
    name: "algorithm downgraded to AWS4-HMAC-SHA1",
    covers: "CWE-757 algorithm downgrade",
    mutate: (r) => editAuth(r, (a) => a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1")),
    expect: "IncompleteSignatureException",
  },
  {
    name: "Authorization downgraded to Signature Version 2",
    covers: "CWE-757 downgrade to a weaker scheme",
    mutate: (r) => setHeader(r, "authorization", "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="),
    expect: "MissingAuthenticationTokenException",
  },
  {
    name: "session token injected after signing",
    covers: "CWE-287 unsigned credential material; we run no STS, so any token is refused",
    mutate: (r) => setHeader(r, "x-amz-security-token", "FwoGZXIvYXdzEXAMPLE"),
    expect: "InvalidSignatureException",
  },
];
