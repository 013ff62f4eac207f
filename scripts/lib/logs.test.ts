import { describe, expect, it } from "vitest";
import { formatLogLine, logDestination } from "./logs.js";

describe("log lines", () => {
  it("turns a pino JSON line into time, service, level, message and the remaining fields", () => {
    const line = JSON.stringify({
      level: 30,
      time: "2026-01-02T03:04:05.678Z",
      pid: 1,
      hostname: "h",
      service: "userpool",
      msg: "request",
      method: "POST",
      status: 200,
      op: "InitiateAuth",
      note: "two words",
    });
    expect(formatLogLine("userpool", line)).toBe(
      '03:04:05 userpool INFO  request method=POST status=200 op=InitiateAuth note="two words"',
    );
  });

  it("passes through what is not JSON, and takes pino's epoch-millisecond time", () => {
    expect(formatLogLine("api", "plain text\n")).toBe("api      plain text");
    expect(
      formatLogLine("api", JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 1, 12, 0, 0), msg: "careful" })),
    ).toBe("12:00:00 api      WARN  careful");
  });

  it("reassembles lines split across writes", () => {
    const out: string[] = [];
    const dest = logDestination("api", { write: (l: string) => void out.push(l) });
    const json = JSON.stringify({ level: 50, time: 0, msg: "boom" });
    dest.write(json.slice(0, 10));
    expect(out).toEqual([]);
    dest.write(`${json.slice(10)}\n${json}\n`);
    expect(out).toEqual(["00:00:00 api      ERROR boom\n", "00:00:00 api      ERROR boom\n"]);
  });
});
