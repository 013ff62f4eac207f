/** Structured logging: one JSON object per line, which CloudWatch Logs Insights can query. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Where a host that imports this function in-process (the userpool's in-process transport, as `npm start` runs the
 * user-sync function) takes its lines: a global set to a `HostLogSink`, which logs them with the host's own logger,
 * format and level, as Lambda's runtime takes a function's stdout. A global, because the bundle shares no module
 * instance with its host. Nothing sets it on Lambda, and the JSON lines go to stdout for CloudWatch (ADR 0060).
 */
export const HOST_LOG_SINK = Symbol.for("authhub.lambda.logSink");
export type HostLogSink = (level: Level, msg: string, fields: LogFields) => void;

/**
 * The function's logger: each line goes to the host's sink when one is set at the time (its level decides),
 * else it is a JSON line at LOG_LEVEL, as `jsonLogger`.
 */
export function functionLogger(level: string | undefined = process.env.LOG_LEVEL): Logger {
  const json = jsonLogger(level);
  const at =
    (lvl: Level) =>
    (msg: string, fields: LogFields = {}) => {
      const host = (globalThis as Record<symbol, unknown>)[HOST_LOG_SINK];
      if (typeof host === "function") (host as HostLogSink)(lvl, msg, fields);
      else json[lvl](msg, fields);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Writes JSON lines to stdout/stderr; LOG_LEVEL (default info) sets the threshold. */
export function jsonLogger(
  level: string | undefined = process.env.LOG_LEVEL,
  write: (line: string, level: Level) => void = defaultWrite,
): Logger {
  const min = Math.max(0, LEVELS.indexOf((level ?? "info") as Level));
  const at =
    (lvl: Level) =>
    (msg: string, fields: LogFields = {}) => {
      if (LEVELS.indexOf(lvl) < min) return;
      write(JSON.stringify({ level: lvl, msg, ...fields }), lvl);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A logger that adds `fields` to every line (the fields of the call win). */
export function withFields(log: Logger, fields: LogFields): Logger {
  const at =
    (lvl: Level) =>
    (msg: string, extra: LogFields = {}) =>
      log[lvl](msg, { ...fields, ...extra });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Same shape as the userpool accepts from its callers: no quotes, spaces or line breaks, bounded. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}$/;

/**
 * The IDs that join this invocation's lines with the rest of the system: the request ID of the
 * API call that caused it (the userpool passes it as Lambda's ClientContext, `custom.requestId`;
 * Cognito sends none) and Lambda's own awsRequestId.
 */
export function requestFields(context: unknown): LogFields {
  const c = context as { awsRequestId?: unknown; clientContext?: { custom?: { requestId?: unknown } } } | undefined;
  const reqId = c?.clientContext?.custom?.requestId;
  return {
    ...(typeof reqId === "string" && REQUEST_ID.test(reqId) ? { reqId } : {}),
    ...(typeof c?.awsRequestId === "string" ? { awsRequestId: c.awsRequestId } : {}),
  };
}

function defaultWrite(line: string, level: Level): void {
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

/**
 * Describes an error for the log without leaking credentials: driver messages can quote a
 * connection string (`postgres://user:password@host`) or a `password=` option.
 */
export function describeError(err: unknown): LogFields {
  if (!(err instanceof Error)) return { error: redact(String(err)) };
  const code = (err as { code?: unknown }).code;
  return {
    error: redact(err.message),
    errorName: err.name,
    ...(typeof code === "string" ? { errorCode: code } : {}),
  };
}

export function redact(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1***@")
    .replace(/(password["']?\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, "$1***");
}
