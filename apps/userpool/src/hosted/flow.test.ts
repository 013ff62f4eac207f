import { Writable } from "node:stream";
import type { Response } from "express";
import { describe, expect, it } from "vitest";
import { CodeDeliveryFailureException, TooManyRequestsException } from "../errors/cognitoErrors.js";
import { createLogger } from "../log.js";
import { shownError } from "./flow.js";

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

describe("shownError", () => {
  it("gives the page a sentence for a person, the request log the name, and the log the internal cause", () => {
    const { log, lines } = capture();
    const res = { locals: { operation: "signup", requestId: "req-9" } } as unknown as Response;
    const cause = new Error("SMTP 535 for mailer:hunter2-S3CRET");
    const shown = shownError(
      { log },
      res,
      new CodeDeliveryFailureException("Unable to deliver the message.", { cause }),
      undefined,
    );
    expect(shown).toEqual({ status: 400, error: "We could not send the message. Try again later." });
    expect(res.locals.errorType).toBe("CodeDeliveryFailureException");
    expect(lines.map((l) => [l.reqId, l.op, l.error, l.cause.message])).toEqual([
      ["req-9", "signup", "CodeDeliveryFailureException", cause.message],
    ]);
  });

  it("answers a request-rate limit with 429 and logs nothing without a cause", () => {
    const { log, lines } = capture();
    const res = { locals: {} } as unknown as Response;
    expect(shownError({ log }, res, new TooManyRequestsException(), undefined)).toEqual({
      status: 429,
      error: "Too many requests. Wait a moment, then try again.",
    });
    expect(lines).toEqual([]);
  });
});
