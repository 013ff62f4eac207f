#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `authhub-userpool` command of the packaged userpool (docs/userpool/package.md):
 *   start | export | import | rotate-keys, each with --help.
 * `start` is a thin layer over runStandalone (what `npm start` runs): its flags become options of
 * startUserpool, everything else comes from the USERPOOL_* environment as documented.
 */
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import { systemClock } from "./clock.js";
import { DATA_KEY_FILE, SQLITE_FILE } from "./config/dataDir.js";
import { readUserpoolEnv } from "./config/env.js";
import { ConfigError } from "./config/errors.js";
import { loadOrCreateKeyFile } from "./crypto/dataKey.js";
import { createDataCrypto } from "./crypto/envelope.js";
import { exportLines } from "./maintenance/exportData.js";
import { MaintenanceError } from "./maintenance/format.js";
import { importLines } from "./maintenance/importData.js";
import { rotateDataKey } from "./maintenance/rotateKeys.js";
import { runStandalone, type StartUserpoolOptions } from "./main.js";
import { cryptoRandom } from "./random.js";
import { createStore, type DatabaseTarget, type Store } from "./store/index.js";

const COMMON = `Database and data key (every command; flags win over the environment):
  --data-dir DIR        SQLite file and generated key file (USERPOOL_DATA_DIR; default ./.userpool)
  --database-url URL    PostgreSQL instead of SQLite (USERPOOL_DATABASE_URL)
  Data key: USERPOOL_DATA_KEY or USERPOOL_DATA_KEY_FILE (default <data dir>/data-key);
  former keys during a rotation: USERPOOL_DATA_KEY_PREVIOUS.`;

const HELP: Record<string, string> = {
  main: `Usage: authhub-userpool <command> [flags]

Commands:
  start         run the Cognito-compatible user pool server
  export        write every pool of the database to a JSON-lines file (secrets stay sealed)
  import FILE   load an export into this database (same data key; never merges)
  rotate-keys   re-seal every sealed value under USERPOOL_DATA_KEY

Run authhub-userpool <command> --help for its flags. Docs: docs/userpool/package.md, backup-and-keys.md.`,
  start: `Usage: authhub-userpool start [flags]

  --port N              JSON API port (USERPOOL_PORT; default 9229)
  --host HOST           listen address (USERPOOL_HOST)
  --config FILE         declarative config file (USERPOOL_CONFIG; default the package's development config)
  --workers N|auto      server processes sharing the ports (USERPOOL_WORKERS; default 1; docs/userpool/scaling.md)
${COMMON}
Every other setting is a USERPOOL_* variable (docs/userpool/configuration.md).`,
  export: `Usage: authhub-userpool export [--out FILE] [flags]

  --out FILE            write here (created 0600); default standard output
${COMMON}`,
  import: `Usage: authhub-userpool import FILE [flags]

  FILE                  an export file, or - for standard input
${COMMON}
The target must use the source's data key. Import refuses pools that exist already, and writes
nothing when the file is truncated or refused (one transaction).`,
  "rotate-keys": `Usage: authhub-userpool rotate-keys [--check] [--batch-size N] [flags]

  USERPOOL_DATA_KEY (or _FILE) is the new key, USERPOOL_DATA_KEY_PREVIOUS the former one(s).
  --check               count what is still sealed under a former key; write nothing
  --batch-size N        rows per transaction (default 500)
${COMMON}
Safe to run again: values already under the new key are skipped. Exit status 3 when a value opens
under none of the keys given.`,
};

type Flags = Map<string, string | true>;

/** `--name value` and `--name=value` flags, and positional arguments; boolean flags listed in `bool`. */
function parseArgs(args: string[], allowed: readonly string[], bool: readonly string[] = []) {
  const flags: Flags = new Map();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-" || !a.startsWith("-")) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.replace(/^--?/, "").split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === "help" || name === "h") {
      flags.set("help", true);
      continue;
    }
    if (!allowed.includes(name) && !bool.includes(name)) throw new ConfigError(`unknown flag --${name} (see --help)`);
    if (bool.includes(name)) flags.set(name, true);
    else {
      const v = inline ?? args[++i];
      if (v === undefined) throw new ConfigError(`--${name} needs a value`);
      flags.set(name, v);
    }
  }
  return { flags, positional };
}

const str = (f: Flags, n: string) => (typeof f.get(n) === "string" ? (f.get(n) as string) : undefined);

function dataDirOf(f: Flags): string {
  return resolve(str(f, "data-dir") ?? process.env.USERPOOL_DATA_DIR ?? ".userpool");
}

/** The database and data keys the tools use: the same settings as the server's. */
async function openTools(
  f: Flags,
  o: { mustExist: boolean },
): Promise<{ store: Store; key: Buffer; previous: Buffer[] }> {
  const vars = readUserpoolEnv(process.env);
  const dataDir = dataDirOf(f);
  const url = str(f, "database-url") ?? vars.USERPOOL_DATABASE_URL;
  const target: DatabaseTarget = url
    ? { engine: "postgres", url }
    : { engine: "sqlite", file: join(dataDir, SQLITE_FILE) };
  if (target.engine === "sqlite" && o.mustExist && !existsSync(target.file))
    throw new ConfigError(`no SQLite database at ${target.file} (set --data-dir or USERPOOL_DATABASE_URL)`);
  let key = vars.USERPOOL_DATA_KEY;
  if (!key) {
    const file = vars.USERPOOL_DATA_KEY_FILE ?? join(dataDir, DATA_KEY_FILE);
    try {
      key = loadOrCreateKeyFile(file, false, cryptoRandom).key;
    } catch (e) {
      throw new ConfigError(`data key: ${(e as Error).message} (set USERPOOL_DATA_KEY or USERPOOL_DATA_KEY_FILE)`);
    }
  }
  return { store: await createStore(target), key, previous: vars.USERPOOL_DATA_KEY_PREVIOUS ?? [] };
}

async function start(args: string[]): Promise<void> {
  const { flags } = parseArgs(args, ["port", "host", "config", "data-dir", "database-url", "workers"]);
  if (flags.has("help")) return void process.stdout.write(`${HELP.start}\n`);
  const port = str(flags, "port");
  if (port !== undefined && !/^\d{1,5}$/.test(port))
    throw new ConfigError(`--port must be a port number; got "${port}"`);
  const opts: StartUserpoolOptions = {
    dataDir: dataDirOf(flags),
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(str(flags, "host") ? { host: str(flags, "host")! } : {}),
    ...(str(flags, "config") ? { config: resolve(str(flags, "config")!) } : {}),
    ...(str(flags, "database-url") ? { databaseUrl: str(flags, "database-url")! } : {}),
  };
  const workers = str(flags, "workers");
  await runStandalone(opts, workers !== undefined ? ["--workers", workers] : []);
}

async function exportCommand(args: string[]): Promise<void> {
  const { flags } = parseArgs(args, ["out", "data-dir", "database-url"]);
  if (flags.has("help")) return void process.stdout.write(`${HELP.export}\n`);
  const { store } = await openTools(flags, { mustExist: true });
  const file = str(flags, "out");
  const out: NodeJS.WritableStream = file ? createWriteStream(file, { mode: 0o600, flags: "wx" }) : process.stdout;
  let rows = 0;
  try {
    for await (const line of exportLines(store, systemClock)) {
      rows++;
      // Backpressure: a large pool streams at the pace of the disk or pipe.
      if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
  } finally {
    await store.close();
    if (file) {
      out.end();
      await finished(out as NodeJS.WritableStream & import("node:stream").Writable);
    }
  }
  process.stderr.write(`exported ${rows - 2} rows${file ? ` to ${file}` : ""}\n`);
}

async function importCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseArgs(args, ["data-dir", "database-url"]);
  if (flags.has("help")) return void process.stdout.write(`${HELP.import}\n`);
  const [file, ...extra] = positional;
  if (!file || extra.length) throw new ConfigError("import takes one file (or - for standard input)");
  const input = file === "-" ? process.stdin : createReadStream(file, "utf8");
  const { store, key, previous } = await openTools(flags, { mustExist: false });
  try {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    const r = await importLines(store, createDataCrypto(key, cryptoRandom, previous), lines);
    const n = Object.values(r.rows).reduce((a, b) => a + b, 0);
    process.stderr.write(`imported ${n} rows: pools ${r.pools.join(", ") || "(none)"}\n`);
  } finally {
    await store.close();
  }
}

async function rotateCommand(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, ["batch-size", "data-dir", "database-url"], ["check"]);
  if (flags.has("help")) {
    process.stdout.write(`${HELP["rotate-keys"]}\n`);
    return 0;
  }
  const batch = str(flags, "batch-size");
  if (batch !== undefined && !/^[1-9]\d{0,5}$/.test(batch))
    throw new ConfigError(`--batch-size must be 1..999999; got "${batch}"`);
  const { store, key, previous } = await openTools(flags, { mustExist: true });
  if (!previous.length && !flags.has("check"))
    throw new ConfigError(
      "rotate-keys needs the former key in USERPOOL_DATA_KEY_PREVIOUS (the new one in USERPOOL_DATA_KEY)",
    );
  try {
    const counts = await rotateDataKey(store, {
      newKey: key,
      previousKeys: previous,
      random: cryptoRandom,
      check: flags.has("check"),
      ...(batch ? { batchSize: Number(batch) } : {}),
    });
    let unreadable = 0;
    for (const c of counts) {
      unreadable += c.unreadable.length;
      process.stdout.write(
        `${c.table}.${c.column}: ${c.rotated} ${flags.has("check") ? "under a former key" : "re-sealed"}, ` +
          `${c.current} already current${c.unreadable.length ? `, UNREADABLE: ${c.unreadable.join(" ")}` : ""}\n`,
      );
    }
    return unreadable ? 3 : 0;
  } finally {
    await store.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      await start(rest);
      return -1;
    case "export":
      await exportCommand(rest);
      return 0;
    case "import":
      await importCommand(rest);
      return 0;
    case "rotate-keys":
      return rotateCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${HELP.main}\n`);
      return command === undefined ? 64 : 0;
    default:
      process.stderr.write(`authhub-userpool: unknown command "${command}"\n\n${HELP.main}\n`);
      return 64;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    // start keeps the process alive until a signal; the tools end with their status.
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError || e instanceof MaintenanceError) {
      process.stderr.write(`authhub-userpool: ${e.message}\n`);
      process.exitCode = e instanceof ConfigError ? 78 : 65;
      return;
    }
    process.stderr.write(`authhub-userpool: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
