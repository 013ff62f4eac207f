import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log.js";

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

describe("log redaction (the safety net under every log line)", () => {
  it("censors secret names at the top level and one level down, under any key", () => {
    const { log, lines } = capture();
    log.info({ password: "p1", RefreshToken: "rt", ok: "visible" }, "top");
    log.info(
      {
        input: { PASSWORD: "p2", USERNAME: "alice" },
        other: { Session: "s", code: "123456" },
        headers: { authorization: "Bearer x" },
      },
      "nested",
    );
    expect(lines[0]).toMatchObject({ password: "[redacted]", RefreshToken: "[redacted]", ok: "visible", msg: "top" });
    expect(lines[1]).toMatchObject({
      input: { PASSWORD: "[redacted]", USERNAME: "alice" },
      other: { Session: "[redacted]", code: "[redacted]" },
      headers: { authorization: "[redacted]" },
    });
    expect(JSON.stringify(lines)).not.toMatch(/p1|p2|"rt"|Bearer x|123456/);
  });

  it("censors a secret carried by an error object and keeps the error's message", () => {
    const { log, lines } = capture();
    const err = Object.assign(new Error("boom"), { SECRET_HASH: "abc" });
    log.error({ err }, "failed");
    expect(lines[0]!.err).toMatchObject({ message: "boom", SECRET_HASH: "[redacted]" });
    expect(err.SECRET_HASH).toBe("abc");
  });

  it("never changes the caller's objects", () => {
    const { log } = capture();
    const nested = { NEW_PASSWORD: "n" };
    const obj = { body: nested, password: "p" };
    log.info(obj, "x");
    expect(obj).toEqual({ body: { NEW_PASSWORD: "n" }, password: "p" });
    expect(obj.body).toBe(nested);
  });

  it("leaves lines without secret names as they are", () => {
    const { log, lines } = capture();
    log.info({ reqId: "r", status: 200, op: "InitiateAuth", nested: { a: 1 } }, "request");
    expect(lines[0]).toMatchObject({
      reqId: "r",
      status: 200,
      op: "InitiateAuth",
      nested: { a: 1 },
      msg: "request",
      service: "userpool",
    });
  });
});
