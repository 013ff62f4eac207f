import { Writable } from "node:stream";
import type { Response } from "express";
import { describe, expect, it } from "vitest";
import { CodeDeliveryFailureException } from "../errors/cognitoErrors.js";
import { createLogger } from "../log.js";
import { invalidToken, OAuthError } from "./errors.js";
import { sendOAuthError, toOAuthError } from "./translate.js";

function capture() {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString("utf8").split("\n")) if (l) lines.push(JSON.parse(l) as Record<string, any>);
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

/** Just enough of Express's Response to see what sendOAuthError writes. */
function fakeResponse() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    locals: {},
    status(s: number) {
      sent.status = s;
      return res;
    },
    set(k: string | Record<string, string>, v?: string) {
      Object.assign(sent.headers, typeof k === "string" ? { [k]: v } : k);
      return res;
    },
    json(b: unknown) {
      sent.body = b;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
}

describe("OAuth error translation", () => {
  it("logs an internal cause once with the request ID and keeps it out of the body and headers", () => {
    const { log, lines } = capture();
    const cause = new Error("token signing key file /secret/key.pem: password=hunter2-S3CRET");
    const err = toOAuthError(invalidToken("The access token is not valid.", "Bearer", { cause }), log, { reqId: "r1" });
    const { res, sent } = fakeResponse();
    sendOAuthError(res, err);
    expect(sent.status).toBe(401);
    expect(sent.body).toEqual({ error: "invalid_token", error_description: "The access token is not valid." });
    expect(JSON.stringify(sent)).not.toContain("hunter2");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reqId: "r1", error: "OAuthError(invalid_token)", msg: "internal cause" });
    expect(lines[0]!.cause.message).toBe(cause.message);
  });

  it("logs the cause of a Cognito error it maps", () => {
    const { log, lines } = capture();
    const cause = new Error("SMTP AUTH hunter2-S3CRET rejected");
    const err = toOAuthError(new CodeDeliveryFailureException(undefined, { cause }), log, { op: "token" });
    expect(err).toBeInstanceOf(OAuthError);
    expect([err.code, err.description]).toEqual(["invalid_request", "Unable to deliver the verification code."]);
    expect(lines.map((l) => [l.op, l.error, l.cause.message])).toEqual([
      ["token", "CodeDeliveryFailureException", cause.message],
    ]);
  });

  it("puts no quote, backslash or line break of a description into WWW-Authenticate", () => {
    const { res, sent } = fakeResponse();
    sendOAuthError(res, invalidToken('bad "x"\\\r\nSet-Cookie: a=b'));
    expect(sent.headers["WWW-Authenticate"]).toBe(
      `Bearer error="invalid_token", error_description="bad 'x''''Set-Cookie: a=b"`,
    );
  });
});
