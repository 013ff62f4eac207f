import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Paths pino censors wherever they appear one or two levels deep. Our own log calls never pass
 * secrets; this is the safety net for an error object or request fragment that slips through.
 */
const REDACT = [
  "authorization",
  "password",
  "Password",
  "PreviousPassword",
  "ProposedPassword",
  "TemporaryPassword",
  "code",
  "ConfirmationCode",
  "SecretHash",
  "SECRET_HASH",
  "ClientSecret",
  "AccessToken",
  "IdToken",
  "RefreshToken",
  "REFRESH_TOKEN",
  "PASSWORD",
  "NEW_PASSWORD",
  "SRP_A",
  "SRP_B",
  "PASSWORD_CLAIM_SIGNATURE",
  "PASSWORD_CLAIM_SECRET_BLOCK",
  "Session",
  "headers.authorization",
];
const REDACT_PATHS = [...REDACT, ...REDACT.map((p) => `*.${p}`)];

/** Structured JSON logger; `destination` lets tests capture every line. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      base: { service: "userpool" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}
