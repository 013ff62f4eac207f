/**
 * The services log pino JSON lines. In one terminal they are easier to read as
 * `12:00:01 userpool INFO  message key=value`; the JSON fields are kept, only reformatted.
 */
import type { Writable } from "node:stream";

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
// pino's own bookkeeping, shown elsewhere in the line or not useful to a reader.
const SKIP = new Set(["level", "time", "pid", "hostname", "msg", "service", "v"]);

export interface LineSink {
  write(line: string): void;
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** One readable line from one pino JSON line (non-JSON lines pass through). */
export function formatLogLine(service: string, raw: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return `${service.padEnd(8)} ${raw.trimEnd()}`;
  }
  const t = rec.time === undefined ? new Date() : new Date(rec.time as string | number);
  const time = Number.isNaN(t.getTime()) ? "" : t.toISOString().slice(11, 19);
  const level = LEVELS[rec.level as number] ?? String(rec.level);
  const extras = Object.entries(rec)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(" ");
  return `${time} ${service.padEnd(8)} ${level} ${String(rec.msg ?? "")}${extras ? ` ${extras}` : ""}`;
}

/** A pino destination that writes formatted lines to `out` (a terminal, or a log file in tests). */
export function logDestination(service: string, out: Writable | LineSink): { write(chunk: string): boolean } {
  let pending = "";
  return {
    write(chunk: string): boolean {
      pending += chunk;
      for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.trim()) out.write(`${formatLogLine(service, line)}\n`);
      }
      return true;
    },
  };
}
