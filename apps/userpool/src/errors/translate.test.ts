import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { SigV4Error } from "../aws/sigv4Errors.js";
import { createLogger } from "../log.js";
import { CodeDeliveryFailureException, NotAuthorizedException } from "./cognitoErrors.js";
import { awsErrorResponse, toWireError } from "./translate.js";

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

describe("toWireError", () => {
  it("sends a Cognito error's own name, status and message, and logs nothing", () => {
    const { log, lines } = capture();
    expect(toWireError(new NotAuthorizedException("User is disabled."), log)).toEqual({
      status: 400,
      type: "NotAuthorizedException",
      message: "User is disabled.",
    });
    expect(lines).toEqual([]);
  });

  it("maps a SigV4 refusal like any other AWS error", () => {
    const { log, lines } = capture();
    const wire = toWireError(
      new SigV4Error("MissingAuthenticationTokenException", "Missing Authentication Token"),
      log,
    );
    expect(wire).toEqual({
      status: 400,
      type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
    expect(lines).toEqual([]);
  });

  it("logs an internal cause once, with the request context, and never puts it on the wire", () => {
    const { log, lines } = capture();
    const cause = new Error("smtp login failed for user mailer password=hunter2-S3CRET");
    const err = new CodeDeliveryFailureException("Unable to deliver the message.", { cause });
    const wire = toWireError(err, log, { reqId: "req-1", op: "SignUp" });
    expect(wire).toEqual({
      status: 400,
      type: "CodeDeliveryFailureException",
      message: "Unable to deliver the message.",
    });
    const r = awsErrorResponse(wire);
    expect(JSON.stringify(r)).not.toContain("hunter2");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      reqId: "req-1",
      op: "SignUp",
      error: "CodeDeliveryFailureException",
      cause: { name: "Error", message: cause.message },
      msg: "internal cause",
    });
  });

  it("answers anything else as InternalErrorException and logs it with the context", () => {
    const { log, lines } = capture();
    expect(toWireError(new TypeError("x is undefined at secret-path"), log, { reqId: "req-2" })).toEqual({
      status: 500,
      type: "InternalErrorException",
      message: "Internal server error.",
    });
    expect(toWireError("a thrown string", log)).toMatchObject({ type: "InternalErrorException" });
    expect(lines.map((l) => [l.reqId, l.err.name, l.err.message, l.msg])).toEqual([
      ["req-2", "TypeError", "x is undefined at secret-path", "unexpected error"],
      [undefined, "Error", "a thrown string", "unexpected error"],
    ]);
  });
});

describe("awsErrorResponse", () => {
  it("writes the AWS JSON 1.1 error shape: body, type header and a header-safe message", () => {
    const r = awsErrorResponse({ status: 400, type: "InvalidParameterException", message: "bad\r\nX-Injected: 1 é" });
    expect(r.status).toBe(400);
    expect(r.headers).toEqual({
      "Content-Type": "application/x-amz-json-1.1",
      "x-amzn-ErrorType": "InvalidParameterException",
      "x-amzn-ErrorMessage": "bad??X-Injected: 1 ?",
    });
    expect(JSON.parse(r.body)).toEqual({ __type: "InvalidParameterException", message: "bad\r\nX-Injected: 1 é" });
    expect(Object.keys(JSON.parse(r.body))).toEqual(["__type", "message"]);
  });
});
