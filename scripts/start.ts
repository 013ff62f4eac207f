/**
 * `npm start`: the whole system on embedded defaults (docs/conventions.md), data kept in .data/.
 * Run as `node --import tsx`, not through the tsx CLI: its signal relay SIGKILLs a child that has not
 * acknowledged Ctrl-C within 60 ms, which a busy start-up cannot always do, and then nothing closes cleanly.
 * `DATABASE_URL` + `USERPOOL_DATABASE_URL` run the same stack on PostgreSQL. Ctrl-C stops it.
 *
 *   npm start -- [--web-port N] [--api-port N] [--userpool-port N] [--https-port N] [--data-dir DIR]
 */
import { parseArgs } from "node:util";
import { stopWhenNpmExits } from "./lib/npmParent.js";
import { displayPath } from "./lib/repo.js";
import type { RunningStack, StackPorts } from "./stack.js";

/** A mistake in how the command was called; printed with the usage line. */
class UsageError extends Error {
  override name = "UsageError";
}

// Errors whose message says all a user needs (which port, which variable); no stack trace for them.
const USER_FIXABLE = new Set(["UsageError", "StackConfigError", "PortInUseError", "ConfigError"]);

const USAGE = "usage: npm start -- [--web-port N] [--api-port N] [--userpool-port N] [--https-port N] [--data-dir DIR]";

function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`${flag} must be a port number 1–65535; got "${value}"\n${USAGE}`);
  return n;
}

function readArgs(argv: string[]): { ports: Partial<StackPorts>; dataDir?: string } {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "web-port": { type: "string" },
        "api-port": { type: "string" },
        "userpool-port": { type: "string" },
        "https-port": { type: "string" },
        "data-dir": { type: "string" },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const ports: Partial<StackPorts> = {};
  const set = (key: keyof StackPorts, flag: string) => {
    const p = parsePort(values[flag], `--${flag}`);
    if (p !== undefined) ports[key] = p;
  };
  set("web", "web-port");
  set("api", "api-port");
  set("userpool", "userpool-port");
  set("userpoolHttps", "https-port");
  return { ports, ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}) };
}

const show = (path: string) => displayPath(path);

function banner(s: RunningStack): string {
  const rows: [string, string][] = [
    ["Web app", s.urls.web],
    ["Admin console", s.urls.console],
    ["API", s.urls.api],
    ["Userpool (JSON API)", `${s.urls.userpool}   issuer ${s.urls.issuer}`],
    ["Hosted UI / OAuth", s.urls.userpoolHttps],
    ["Dev Google", `${s.urls.userpoolHttps}/_dev/google`],
    ["Dev social", `${s.urls.userpoolHttps}/_dev/facebook, /_dev/apple, /_dev/amazon`],
    ["Dev SAML", `${s.urls.userpoolHttps}/_dev/saml   (provider DevSAML, metadata /_dev/saml/metadata)`],
    [
      "Dev CA certificate",
      s.devCaPath
        ? `${show(s.devCaPath)}   (trust it to open the hosted UI without a warning: README.md)`
        : "(none: the HTTPS listener uses a configured certificate)",
    ],
    ["Dev mailbox", `${s.urls.mailbox}   (JSON: ${s.urls.mailboxJson}?to=<address>)`],
    ["Demo accounts", `${s.demoAccounts.emails.join(", ")}   password ${s.demoAccounts.password}`],
    [
      "Admin API (SigV4)",
      `access key ${s.admin.accessKeyId}, secret ${s.admin.secretAccessKey}, region ${s.admin.region}`,
    ],
    ["App database", show(s.databases.app)],
    ["Userpool database", show(s.databases.userpool)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    "",
    "Authhub is running — local development stack (not for production: see README.md, Security notes)",
    "",
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    "",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

let stopping = false;

function stopped(): never {
  process.stdout.write("authhub: stopped\n");
  process.exit(0);
}

async function main(): Promise<void> {
  // The AWS SDK (demo accounts) warns that its releases after January 2027 need Node 22; that concerns
  // the maintainers (docs), not someone starting the stack, and would sit in the middle of the banner.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { ports, dataDir } = readArgs(process.argv.slice(2));
  // Loaded after the arguments are checked: a typo is answered at once, not after compiling the whole system.
  const { startStack } = await import("./stack.js");
  const env = process.env;
  const started = startStack({
    ports,
    ...(dataDir ? { dataDir } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.USERPOOL_DATABASE_URL ? { userpoolDatabaseUrl: env.USERPOOL_DATABASE_URL } : {}),
    // Only mail settings reach the userpool: its other USERPOOL_* variables (mode, admin keys, ports)
    // belong to running it alone and would contradict the stack (README.md, Environment variables).
    env: Object.fromEntries(Object.entries(env).filter(([k]) => k === "SMTP_URL" || k === "USERPOOL_MAIL_FROM")),
    onProgress: (m) => process.stdout.write(`authhub: ${m}\n`),
  });

  // Signals during start-up wait for it, then stop everything it started; a second signal exits at once.
  // A wrapper may relay the terminal's signal although the process group already delivered it
  // (the tsx CLI does when it does not see it arrive within 30 ms), so one Ctrl-C can come twice:
  // only a signal a second later means "force".
  let firstSignalAt = 0;
  const stop = (signal: string) => {
    if (stopping) {
      if (Date.now() - firstSignalAt < 1000) return;
      process.stderr.write(`authhub: ${signal} again, exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    firstSignalAt = Date.now();
    process.stdout.write(`\nauthhub: ${signal}, stopping…\n`);
    started.then(
      (s) => s.close().then(stopped, () => process.exit(1)),
      // Start-up failed or was interrupted: startStack has already stopped what it started.
      stopped,
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // `kill <npm's pid>`: npm's shell exits without passing the signal on (lib/npmParent.ts).
  stopWhenNpmExits(() => {
    if (!stopping) stop("npm exited");
  });

  const stack = await started;
  if (!stopping) process.stdout.write(banner(stack));
}

main().catch((e: unknown) => {
  // Ctrl-C while starting also interrupts the web build (same process group); startStack has
  // already stopped what it started, so this is the requested stop, not a failure.
  if (stopping) stopped();
  // Mistakes the user can fix get their message alone; a stack trace would bury it.
  if (e instanceof Error && USER_FIXABLE.has(e.name)) {
    process.stderr.write(`authhub: cannot start:\n${e.message}\n`);
  } else {
    process.stderr.write(`authhub: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exit(1);
});
