import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, functionLogger, HOST_LOG_SINK, jsonLogger, redact, type HostLogSink } from "../src/log.js";

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

  describe("the function's logger", () => {
    afterEach(() => {
      delete (globalThis as Record<symbol, unknown>)[HOST_LOG_SINK];
      vi.restoreAllMocks();
    });

    it("writes JSON lines to stdout/stderr when no host takes them (Lambda: CloudWatch)", () => {
      const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      const log = functionLogger("info");
      log.debug("hidden");
      log.info("app database opened", { engine: "sqlite" });
      log.error("failed");
      expect(stdout.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual([
        { level: "info", msg: "app database opened", engine: "sqlite" },
      ]);
      expect(stderr.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual([{ level: "error", msg: "failed" }]);
    });

    it("hands every line to the host's sink when one is set, whose level decides; nothing on stdout", () => {
      const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      const log = functionLogger("error"); // created before the host: the sink is looked up per line
      const taken: Parameters<HostLogSink>[] = [];
      (globalThis as Record<symbol, unknown>)[HOST_LOG_SINK] = ((...line) => taken.push(line)) satisfies HostLogSink;
      log.debug("fine detail");
      log.info("app database opened", { engine: "sqlite" });
      expect(taken).toEqual([
        ["debug", "fine detail", {}],
        ["info", "app database opened", { engine: "sqlite" }],
      ]);
      expect(stdout).not.toHaveBeenCalled();
    });
  });
});
