// Requests are signed by the signer every AWS SDK for JavaScript v3 client uses (@smithy/signature-v4 with
// the SDK's own node Hash), turned into exactly what node's http server would hand us, then verified.
import { buildQueryString, HttpRequest } from "@smithy/core/protocols";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";

import { sigv4Attacks } from "../../test/support/sigv4Attacks.js";
import {
  hasSigV4,
  SigV4Error,
  signingKeyCacheSize,
  verifySigV4,
  type SignedRequest,
  type SigV4Options,
} from "./sigv4.js";

const NOW = new Date("2024-03-01T12:00:00Z");
const SECRET = "s3cr3t-Value/with+chars";
const KEYS: Record<string, string> = { local: "local", AKIDEXAMPLE: SECRET };
const lookupSecret = (id: string) => KEYS[id];
const opts = (over: Partial<SigV4Options> = {}): SigV4Options => ({ lookupSecret, now: NOW, ...over });

interface SignInput {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  applyChecksum?: boolean;
  unsignableHeaders?: Set<string>;
}

function signer(i: SignInput): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: i.accessKeyId ?? "AKIDEXAMPLE",
      secretAccessKey: i.secretAccessKey ?? SECRET,
      ...(i.sessionToken ? { sessionToken: i.sessionToken } : {}),
    },
    region: i.region ?? "us-east-1",
    service: i.service ?? "cognito-idp",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: i.applyChecksum ?? true,
  });
}

function unsignedRequest(i: SignInput): HttpRequest {
  return new HttpRequest({
    method: "POST",
    protocol: "http:",
    hostname: "localhost",
    port: 9229,
    path: i.path ?? "/",
    query: i.query ?? {},
    headers: {
      host: "localhost:9229",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.AdminGetUser",
      ...i.headers,
    },
    body: i.body ?? JSON.stringify({ UserPoolId: "us-east-1_AuthHub01", Username: "alice" }),
  });
}

/** What node's http server hands the handler for this request: lower-case header names, raw path and query. */
function onTheWire(req: HttpRequest): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  return {
    method: req.method,
    path: req.path,
    query: buildQueryString(req.query ?? {}),
    headers,
    body: Buffer.from(req.body as string, "utf8"),
  };
}

async function sign(i: SignInput = {}): Promise<SignedRequest> {
  const signed = await signer(i).sign(unsignedRequest(i), {
    signingDate: i.signingDate ?? NOW,
    ...(i.unsignableHeaders ? { unsignableHeaders: i.unsignableHeaders } : {}),
  });
  return onTheWire(signed as HttpRequest);
}

async function presign(i: SignInput & { expiresIn: number }): Promise<SignedRequest> {
  const signed = await signer(i).presign(unsignedRequest(i), {
    signingDate: i.signingDate ?? NOW,
    expiresIn: i.expiresIn,
  });
  return onTheWire(signed as HttpRequest);
}

/** The SigV4Error a verification throws; fails the test if it passes or throws anything else. */
function refusal(req: SignedRequest, o: SigV4Options = opts()): SigV4Error {
  try {
    verifySigV4(req, o);
  } catch (e) {
    expect(e).toBeInstanceOf(SigV4Error);
    const err = e as SigV4Error;
    // No refusal may carry the secret or any signature we computed.
    expect(err.message).not.toContain(SECRET);
    return err;
  }
  throw new Error("expected verifySigV4 to refuse the request, but it accepted it");
}

const withHeader = (req: SignedRequest, name: string, value: string | undefined): SignedRequest => {
  const headers = { ...req.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...req, headers };
};
const authOf = (req: SignedRequest) => req.headers.authorization as string;

describe("verifySigV4 accepts what the AWS SDK signer produces", () => {
  it("verifies a signed AdminGetUser request and returns the key id and region", async () => {
    expect(verifySigV4(await sign(), opts())).toEqual({ accessKeyId: "AKIDEXAMPLE", region: "us-east-1" });
  });

  it("accepts the development credentials in any region", async () => {
    for (const region of ["eu-west-3", "ap-southeast-2", "local"]) {
      const req = await sign({ accessKeyId: "local", secretAccessKey: "local", region });
      expect(verifySigV4(req, opts())).toEqual({ accessKeyId: "local", region });
    }
  });

  it("accepts a request signed without x-amz-content-sha256 (payload hash computed from the body)", async () => {
    const req = await sign({ applyChecksum: false });
    expect(req.headers["x-amz-content-sha256"]).toBeUndefined();
    expect(verifySigV4(req, opts()).accessKeyId).toBe("AKIDEXAMPLE");
  });

  it("canonicalises odd paths, repeated and encoded query parameters, spaces in headers and UTF-8 bodies", async () => {
    const req = await sign({
      path: "/a/./b/../c%20d//e/",
      query: { zeta: "1", alpha: ["b", "a"], "sp ace": "x y+z/~!*'()", empty: "" },
      headers: { "x-amz-meta-note": "  several   spaces\there  " },
      body: JSON.stringify({ Username: "ünïcødé 🦄", Note: "a\u0000b" }),
    });
    expect(req.query).toContain("%20");
    expect(verifySigV4(req, opts()).region).toBe("us-east-1");
  });

  it("accepts a signature exactly at the 5-minute edge, in both directions", async () => {
    const past = await sign({ signingDate: new Date(NOW.getTime() - 5 * 60_000) });
    const future = await sign({ signingDate: new Date(NOW.getTime() + 5 * 60_000) });
    expect(verifySigV4(past, opts()).accessKeyId).toBe("AKIDEXAMPLE");
    expect(verifySigV4(future, opts()).accessKeyId).toBe("AKIDEXAMPLE");
  });

  it("honours a custom service name and skew", async () => {
    const req = await sign({ service: "iam", signingDate: new Date(NOW.getTime() - 90_000) });
    expect(verifySigV4(req, opts({ service: "iam" })).accessKeyId).toBe("AKIDEXAMPLE");
    expect(refusal(req, opts({ service: "iam", maxSkewMs: 60_000 })).message).toBe(
      "Signature expired: 20240301T115830Z is now earlier than 20240301T115900Z (20240301T120000Z - 1 min.)",
    );
  });

  it("verifies a presigned (query-string) request within X-Amz-Expires and refuses it after", async () => {
    const req = await presign({ expiresIn: 600 });
    expect(req.headers.authorization).toBeUndefined();
    expect(req.query).toContain("X-Amz-Signature=");
    expect(verifySigV4(req, opts({ now: new Date(NOW.getTime() + 600_000) })).accessKeyId).toBe("AKIDEXAMPLE");

    const late = refusal(req, opts({ now: new Date(NOW.getTime() + 601_000) }));
    expect(late.code).toBe("InvalidSignatureException");
    expect(late.message).toBe(
      "Signature expired: 20240301T120000Z is now earlier than 20240301T120001Z (20240301T121001Z - 600 sec.)",
    );
  });
});

describe("verifySigV4 refuses with AWS's error names, statuses and wording", () => {
  it("no Authorization header → MissingAuthenticationTokenException", async () => {
    const req = withHeader(await sign(), "authorization", undefined);
    const err = refusal(req);
    expect([err.code, err.status, err.message]).toEqual([
      "MissingAuthenticationTokenException",
      400,
      "Missing Authentication Token",
    ]);
  });

  it("a non-SigV4 Authorization (Bearer token) counts as no token, and is not echoed", async () => {
    const req = withHeader(await sign(), "authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.secret.sig");
    const err = refusal(req);
    expect(err.code).toBe("MissingAuthenticationTokenException");
    expect(err.message).not.toContain("eyJ");
  });

  it("garbled header: a part without '=' → IncompleteSignatureException naming it", async () => {
    const auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240301/us-east-1/cognito-idp/aws4_request, garbage";
    const err = refusal(withHeader(await sign(), "authorization", auth));
    expect([err.code, err.status]).toEqual(["IncompleteSignatureException", 400]);
    expect(err.message).toBe(
      `'garbage' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
    );
  });

  it("header missing its parameters and date → one IncompleteSignatureException listing all of them", async () => {
    const req = withHeader(withHeader(await sign(), "authorization", "AWS4-HMAC-SHA256"), "x-amz-date", undefined);
    const err = refusal(req);
    expect(err.code).toBe("IncompleteSignatureException");
    expect(err.message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
        "a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    );
  });

  it("unknown access key → UnrecognizedClientException", async () => {
    const err = refusal(await sign({ accessKeyId: "AKIDUNKNOWN" }));
    expect([err.code, err.status, err.message]).toEqual([
      "UnrecognizedClientException",
      400,
      "The security token included in the request is invalid.",
    ]);
  });

  it("wrong secret → InvalidSignatureException, without the expected signature in the message", async () => {
    const good = await sign();
    const bad = await sign({ secretAccessKey: "not-the-secret" });
    const err = refusal(bad);
    expect([err.code, err.status]).toEqual(["InvalidSignatureException", 400]);
    expect(err.message).toBe(
      "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
    const expectedSignature = /Signature=([0-9a-f]{64})/.exec(authOf(good))?.[1];
    expect(expectedSignature).toBeDefined();
    expect(err.message).not.toContain(expectedSignature);
  });

  it("tampered body → refused (payload hash header no longer matches)", async () => {
    const req = await sign();
    const err = refusal({
      ...req,
      body: Buffer.from(JSON.stringify({ UserPoolId: "us-east-1_AuthHub01", Username: "mallory" })),
    });
    expect(err.code).toBe("InvalidSignatureException");
    expect(err.message).toBe("The provided 'x-amz-content-sha256' header does not match what was computed.");
  });

  it("tampered body without x-amz-content-sha256 → signature mismatch", async () => {
    const req = await sign({ applyChecksum: false });
    const err = refusal({ ...req, body: Buffer.concat([req.body, Buffer.from(" ")]) });
    expect(err.code).toBe("InvalidSignatureException");
    expect(err.message).toMatch(/^The request signature we calculated does not match/);
  });

  it("tampered header (X-Amz-Target switched to another operation) → signature mismatch", async () => {
    const req = withHeader(await sign(), "x-amz-target", "AWSCognitoIdentityProviderService.AdminDeleteUser");
    expect(refusal(req).message).toMatch(/^The request signature we calculated does not match/);
  });

  it("tampered query → signature mismatch", async () => {
    const req = await sign({ query: { a: "1" } });
    expect(refusal({ ...req, query: "a=2" }).code).toBe("InvalidSignatureException");
    expect(refusal({ ...req, query: "a=1&b=1" }).code).toBe("InvalidSignatureException");
  });

  it("tampered path → signature mismatch", async () => {
    const req = await sign();
    expect(refusal({ ...req, path: "/other" }).code).toBe("InvalidSignatureException");
  });

  it("wrong service in the credential scope → InvalidSignatureException naming the right one", async () => {
    const err = refusal(await sign({ service: "cognito-identity" }));
    expect([err.code, err.message]).toEqual([
      "InvalidSignatureException",
      "Credential should be scoped to correct service: 'cognito-idp'. ",
    ]);
  });

  it("credential scope date differs from X-Amz-Date's date → InvalidSignatureException", async () => {
    const justAfterMidnight = new Date("2024-03-01T00:02:00Z");
    const req = withHeader(await sign({ signingDate: justAfterMidnight }), "x-amz-date", "20240229T235900Z");
    const err = refusal(req, opts({ now: justAfterMidnight }));
    expect([err.code, err.message]).toEqual([
      "InvalidSignatureException",
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
        "'20240301' != '20240229', from '20240229T235900Z'.",
    ]);
  });

  it("lists every credential scope problem at once, as AWS does", async () => {
    const req = await sign();
    const auth = authOf(req).replace(
      "/20240301/us-east-1/cognito-idp/aws4_request",
      "/20240302/US_EAST/s3/aws5_request",
    );
    expect(refusal(withHeader(req, "authorization", auth)).message).toBe(
      "Credential should be scoped to a valid region, not 'US_EAST'. " +
        "Credential should be scoped to correct service: 'cognito-idp'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
        "'20240302' != '20240301', from '20240301T120000Z'.",
    );
  });

  it("X-Amz-Date 6 minutes in the past → 'Signature expired'", async () => {
    const err = refusal(await sign({ signingDate: new Date(NOW.getTime() - 6 * 60_000) }));
    expect([err.code, err.status, err.message]).toEqual([
      "InvalidSignatureException",
      400,
      "Signature expired: 20240301T115400Z is now earlier than 20240301T115500Z (20240301T120000Z - 5 min.)",
    ]);
  });

  it("X-Amz-Date 6 minutes in the future → 'Signature not yet current'", async () => {
    const err = refusal(await sign({ signingDate: new Date(NOW.getTime() + 6 * 60_000) }));
    expect([err.code, err.status, err.message]).toEqual([
      "InvalidSignatureException",
      400,
      "Signature not yet current: 20240301T120600Z is still later than 20240301T120500Z (20240301T120000Z + 5 min.)",
    ]);
  });

  it("host not among the signed headers → InvalidSignatureException", async () => {
    const req = await sign({ unsignableHeaders: new Set(["host"]) });
    expect(authOf(req)).not.toMatch(/SignedHeaders=[^,]*host/);
    const err = refusal(req);
    expect([err.code, err.message]).toEqual([
      "InvalidSignatureException",
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    ]);
  });

  it("x-amz-date not among the signed headers → InvalidSignatureException", async () => {
    const req = await sign();
    const auth = authOf(req).replace(/;x-amz-date/, "");
    const err = refusal(withHeader(req, "authorization", auth));
    expect(err.message).toBe("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it("a bare Date header instead of X-Amz-Date is refused with a message that says what to send", async () => {
    const req = withHeader(withHeader(await sign(), "x-amz-date", undefined), "date", NOW.toUTCString());
    expect(refusal(req).message).toBe("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it("an unsigned X-Amz-Target → refused, so a captured request cannot be replayed as another operation", async () => {
    const req = await sign({ unsignableHeaders: new Set(["x-amz-target"]) });
    const err = refusal(req);
    expect([err.code, err.message]).toEqual([
      "InvalidSignatureException",
      "There were headers present in the request which were not signed: x-amz-target.",
    ]);
  });

  it("an unsigned x-amz-* header that does not steer the request (a CDN's X-Amz-Cf-Id) is tolerated", async () => {
    const req = withHeader(await sign(), "x-amz-cf-id", "Y7f3Kz0EXAMPLE==");
    expect(verifySigV4(req, opts()).accessKeyId).toBe("AKIDEXAMPLE");
  });

  it("unsupported algorithm (SigV4a) → IncompleteSignatureException", async () => {
    const req = await sign();
    const auth = authOf(req).replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256");
    const err = refusal(withHeader(req, "authorization", auth));
    expect([err.code, err.message]).toEqual([
      "IncompleteSignatureException",
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    ]);
  });

  it("credential with the wrong number of parts → IncompleteSignatureException", async () => {
    const req = await sign();
    const auth = authOf(req).replace("/cognito-idp/aws4_request", "/cognito-idp");
    const err = refusal(withHeader(req, "authorization", auth));
    expect([err.code, err.message]).toEqual([
      "IncompleteSignatureException",
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, " +
        "got 'AKIDEXAMPLE/20240301/us-east-1/cognito-idp'",
    ]);
  });

  it("X-Amz-Date not in ISO-8601 basic format → IncompleteSignatureException", async () => {
    for (const bad of ["2024-03-01T12:00:00Z", "20240231T120000Z", "20240301T120000"]) {
      const err = refusal(withHeader(await sign(), "x-amz-date", bad));
      expect([err.code, err.message]).toEqual([
        "IncompleteSignatureException",
        `Date must be in ISO-8601 'basic format'. Got '${bad}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      ]);
    }
  });

  it("a signature that is not 64 hex digits → signature mismatch, never a crash", async () => {
    const req = await sign();
    for (const sig of ["", "zz", "0".repeat(63), "0".repeat(65)]) {
      const auth = authOf(req).replace(/Signature=[0-9a-f]+/, `Signature=${sig}`);
      const err = refusal(withHeader(req, "authorization", auth));
      expect(err).toBeInstanceOf(SigV4Error);
    }
    const flipped = authOf(req).replace(
      /Signature=([0-9a-f])/,
      (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`,
    );
    expect(refusal(withHeader(req, "authorization", flipped)).code).toBe("InvalidSignatureException");
  });

  it(
    "temporary credentials (X-Amz-Security-Token) → UnrecognizedClientException: " + "we issue no session tokens",
    async () => {
      const req = await sign({ sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN" });
      expect(req.headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEXAMPLETOKEN");
      const err = refusal(req);
      expect([err.code, err.status, err.message]).toEqual([
        "UnrecognizedClientException",
        400,
        "The security token included in the request is invalid",
      ]);
      expect(err.message).not.toContain("FwoG");
    },
  );

  it("UNSIGNED-PAYLOAD is refused: the admin API's body must be signed", async () => {
    const req = await sign({ headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    expect(refusal(req).message).toBe("The provided 'x-amz-content-sha256' header does not match what was computed.");
  });

  it("both an Authorization header and presigned query parameters → IncompleteSignatureException", async () => {
    const presigned = await presign({ expiresIn: 60 });
    const headerSigned = await sign();
    const err = refusal({ ...presigned, headers: { ...presigned.headers, authorization: authOf(headerSigned) } });
    expect(err.code).toBe("IncompleteSignatureException");
  });

  it("presigned request missing its signature → IncompleteSignatureException naming the parameter", async () => {
    const req = await presign({ expiresIn: 60 });
    const query = req.query.replace(/&?X-Amz-Signature=[0-9a-f]+/, "");
    const err = refusal({ ...req, query });
    expect([err.code, err.message]).toEqual([
      "IncompleteSignatureException",
      "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
    ]);
  });
});

describe("hasSigV4", () => {
  const plain: SignedRequest = {
    method: "POST",
    path: "/",
    query: "",
    headers: { host: "localhost" },
    body: Buffer.alloc(0),
  };

  it("is false for a request with no auth material", () => {
    expect(hasSigV4(plain)).toBe(false);
    expect(hasSigV4({ ...plain, query: "x-amz-target=foo&a=1" })).toBe(false);
  });

  it("is true for an Authorization header of any scheme, and for presigned query parameters", async () => {
    expect(hasSigV4(await sign())).toBe(true);
    expect(hasSigV4({ ...plain, headers: { ...plain.headers, authorization: "Bearer x" } })).toBe(true);
    expect(hasSigV4(await presign({ expiresIn: 60 }))).toBe(true);
    expect(hasSigV4({ ...plain, query: "X-Amz-Credential=local%2F20240301" })).toBe(true);
  });
});

describe("signing key cache", () => {
  it("reuses one derived key per (secret, date, region, service) and stays bounded", async () => {
    const req = await sign({ region: "sa-east-1" });
    verifySigV4(req, opts());
    const size = signingKeyCacheSize();
    verifySigV4(req, opts());
    expect(signingKeyCacheSize()).toBe(size);

    for (let i = 0; i < 100; i++) verifySigV4(await sign({ region: `test-region-${i}` }), opts());
    expect(signingKeyCacheSize()).toBeLessThanOrEqual(64);
    // An evicted key is simply derived again.
    expect(verifySigV4(req, opts()).region).toBe("sa-east-1");
  });
});

describe("attack corpus (sigv4Attacks.ts)", () => {
  it.each(sigv4Attacks.map((a) => [a.name, a] as const))("%s", async (_name, attack) => {
    const original = await sign();
    expect(verifySigV4(original, opts()).accessKeyId).toBe("AKIDEXAMPLE"); // the mutation is what breaks it
    const err = refusal(attack.mutate(original));
    expect(err.code, attack.covers).toBe(attack.expect);
  });
});
