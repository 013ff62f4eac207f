import { describe, expect, it } from "vitest";
import { describeError, jsonLogger, redact } from "../src/log.js";

describe("log", () => {
  it("redacts credentials that drivers may quote", () => {
    expect(redact("cannot reach postgres://app:s3cr3t@db:5432/app")).toBe("cannot reach postgres://***@db:5432/app");
    expect(redact("host=db user=app password=s3cr3t dbname=app")).toBe("host=db user=app password=*** dbname=app");
    expect(redact('{"password": "s3cr3t"}')).not.toContain("s3cr3t");
    expect(redact("nothing secret here")).toBe("nothing secret here");
  });

  it("describes errors with their code, redacted", () => {
    const err = Object.assign(new Error("auth failed for postgresql://u:pw@h/d"), { code: "28P01" });
    expect(describeError(err)).toEqual({
      error: "auth failed for postgresql://***@h/d",
      errorName: "Error",
      errorCode: "28P01",
    });
    expect(describeError("plain")).toEqual({ error: "plain" });
  });

  it("writes one JSON line per entry at or above LOG_LEVEL", () => {
    const out: string[] = [];
    const log = jsonLogger("info", (line) => out.push(line));
    log.debug("hidden");
    log.info("shown", { sub: "abc" });
    log.error("also shown");
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { level: "info", msg: "shown", sub: "abc" },
      { level: "error", msg: "also shown" },
    ]);
  });
});
