/**
 * `npm start` stopped by SIGTERM sent to its process alone (as `kill <pid>`, systemd or a container runtime do,
 * unlike Ctrl-C, which the terminal sends to the whole process group: start.test.ts): every service of the stack
 * stops, the process exits 0, no port stays taken and no process it started remains (docs/userpool/faults.md).
 * Both as the command alone and through npm itself, whose shell between does not pass SIGTERM on; and so do the
 * single-service starts the READMEs document, stopped through npm by SIGTERM to npm or Ctrl-C's SIGINT to its group
 * (scripts/lib/npmParent.ts).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isPortFree, pickFreePorts } from "../lib/ports.js";
import { repoPath } from "../lib/repo.js";
import { testDatabases, type TestDatabases } from "./support.js";

/** Every process below `root` now: /proc/<pid>/stat's fourth field is the parent. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name (field 2) is in parentheses and may hold spaces: read after its closing one.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // Exited while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid !== p) continue;
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

/** A process that exists and is not a zombie (an exited child not yet reaped by its new parent, init). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Processes of `group` (a process group ID) that are alive. */
function groupMembers(group: number): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group && alive(pid);
      } catch {
        return false;
      }
    });
}

/** What `pid` runs, for a failure message. */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "(exited)";
  }
}

/** No process it started is left; one still there after `ms` was left behind (a child may take a moment). */
async function expectNothingLeft(group: number, started: Map<number, string>, ms: number): Promise<void> {
  const left = () => [...started.keys()].filter(alive).concat(groupMembers(group));
  for (let waited = 0; left().length && waited < ms; waited += 100) await new Promise((r) => setTimeout(r, 100));
  expect(left().map((p) => `${p} ${started.get(p) ?? commandOf(p)}`)).toEqual([]);
}

describe("npm start stopped by SIGTERM to its process", () => {
  let dbs: TestDatabases;
  let pid: number | undefined;
  beforeAll(async () => {
    dbs = await testDatabases("sigterm");
  });
  afterAll(async () => {
    // A failed assertion must not leave a stack behind: its own process group, started detached below.
    if (pid !== undefined && groupMembers(pid).length) process.kill(-pid, "SIGKILL");
    await dbs?.cleanup();
  });

  /** Starts the stack with `command` (its own process group), waits for the banner; returns what to watch. */
  async function start(command: (args: string[]) => [string, string[]]) {
    const ports = await pickFreePorts(4);
    const [web, api, userpool, https] = ports.map(String);
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    delete env.DATABASE_URL;
    delete env.USERPOOL_DATABASE_URL;
    delete env.NODE_ENV;
    // The command alone is not under npm, even when this suite is (npm test); npm sets its own.
    delete env.npm_lifecycle_event;
    if (dbs.options.databaseUrl) env.DATABASE_URL = dbs.options.databaseUrl;
    if (dbs.options.userpoolDatabaseUrl) env.USERPOOL_DATABASE_URL = dbs.options.userpoolDatabaseUrl;
    const args = [
      ...["--web-port", web!, "--api-port", api!, "--userpool-port", userpool!, "--https-port", https!],
      ...["--data-dir", dbs.dataDir],
    ];
    // Detached: a process group of its own, so anything it leaves behind can be found (and, on failure, killed)
    // by the group.
    const [file, argv] = command(args);
    const child = spawn(file, argv, { cwd: repoPath(), env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    pid = child.pid!;
    const output = { text: "" };
    child.stdout!.on("data", (d: Buffer) => (output.text += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output.text += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 110_000;
    while (!output.text.includes("Press Ctrl-C to stop.")) {
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before its banner:\n${output.text}`);
      if (Date.now() > deadline) throw new Error(`no banner within 110 s:\n${output.text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const port of ports) expect(await isPortFree(port), `port ${port} while running`).toBe(false);
    const started = new Map(descendants(pid).map((p) => [p, commandOf(p)]));
    return { pid, ports, output, exited, started };
  }

  it("stops every service, exits 0, frees every port and leaves no process behind", async () => {
    // The command line of `npm start` (package.json) without npm.
    const { pid, ports, output, exited, started } = await start((args) => [
      process.execPath,
      ["--import", "tsx", repoPath("scripts/start.ts"), ...args],
    ]);
    const out = () => output.text;

    process.kill(pid, "SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(out()).toContain("authhub: SIGTERM, stopping…");
    expect(out()).toContain("authhub: stopped");
    expect(out()).not.toMatch(/\n\s+at /);
    for (const port of ports) expect(await isPortFree(port), `port ${port} after SIGTERM`).toBe(true);
    await expectNothingLeft(pid, started, 5_000);
  });

  it("through npm: SIGTERM to npm alone stops the stack too, though npm's shell does not pass it on", async () => {
    const { pid, ports, output, started } = await start((args) => ["npm", ["start", "--", ...args]]);
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 30_000;
    while (!output.text.includes("authhub: stopped") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(output.text).toContain("authhub: npm exited, stopping…");
    expect(output.text).toContain("authhub: stopped");
    for (const port of ports) expect(await isPortFree(port), `port ${port} after SIGTERM to npm`).toBe(true);
    await expectNothingLeft(pid, started, 5_000);
  });
});

/** One service started alone through npm, as its README documents; `ports` are the env or flags it reads. */
interface ServiceStart {
  name: string;
  /** npm's arguments, e.g. `start -w apps/userpool`; extra arguments go after `--`. */
  npm: (ports: number[], dir: string) => { args: string[]; env: NodeJS.ProcessEnv };
  ports: number;
  /** Printed once it serves. */
  ready: string;
  /** Built before: start:prod runs the bundle. */
  build?: string;
}

const SERVICES: ServiceStart[] = [
  {
    name: "npm start -w apps/userpool",
    npm: ([port, https], dir) => ({
      args: ["start", "-w", "apps/userpool"],
      env: { USERPOOL_PORT: String(port), USERPOOL_HTTPS_PORT: String(https), USERPOOL_DATA_DIR: dir },
    }),
    ports: 2,
    ready: "userpool listening on",
  },
  {
    name: "npm run start:prod -w apps/userpool",
    npm: ([port, https], dir) => ({
      args: ["run", "start:prod", "-w", "apps/userpool"],
      env: { USERPOOL_PORT: String(port), USERPOOL_HTTPS_PORT: String(https), USERPOOL_DATA_DIR: dir },
    }),
    ports: 2,
    ready: "userpool listening on",
    build: "apps/userpool",
  },
  {
    name: "npm start -w apps/api",
    npm: ([port], dir) => ({
      args: ["start", "-w", "apps/api"],
      env: { PORT: String(port), APP_SQLITE_FILE: join(dir, "app.sqlite") },
    }),
    ports: 1,
    ready: '"msg":"api listening"',
  },
  {
    name: "npm run dev -w apps/api",
    npm: ([port], dir) => ({
      args: ["run", "dev", "-w", "apps/api"],
      env: { PORT: String(port), APP_SQLITE_FILE: join(dir, "app.sqlite") },
    }),
    ports: 1,
    ready: '"msg":"api listening"',
  },
  {
    name: "npm run start:prod -w apps/api",
    npm: ([port], dir) => ({
      args: ["run", "start:prod", "-w", "apps/api"],
      env: { PORT: String(port), APP_SQLITE_FILE: join(dir, "app.sqlite") },
    }),
    ports: 1,
    ready: '"msg":"api listening"',
    build: "apps/api",
  },
  {
    // apps/web/README.md moves the port with `-- --port`; the host makes it the address probed below.
    name: "npm run dev -w apps/web",
    npm: ([port]) => ({
      args: ["run", "dev", "-w", "apps/web", "--", "--port", String(port), "--host", "127.0.0.1"],
      env: {},
    }),
    ports: 1,
    ready: "Local:",
  },
  {
    name: "npm run dev -w apps/console",
    npm: ([port]) => ({
      args: ["run", "dev", "-w", "apps/console", "--", "--port", String(port), "--host", "127.0.0.1"],
      env: {},
    }),
    ports: 1,
    ready: "Local:",
  },
];

describe.each(SERVICES)("$name stopped by a signal through npm", (service) => {
  let group: number | undefined;
  let dir: string;
  beforeAll(() => {
    if (service.build) execFileSync("npm", ["run", "build", "-w", service.build], { cwd: repoPath(), stdio: "pipe" });
  });
  afterEach(() => {
    if (group !== undefined && groupMembers(group).length) process.kill(-group, "SIGKILL");
    group = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  // SIGTERM goes to npm alone (`kill <pid>`); SIGINT to the whole group, as Ctrl-C does. SIGINT to npm alone stops
  // nothing: npm relays it to its shell, and dash waits for its child before acting on a SIGINT (ADR 0060).
  it.each([
    ["SIGTERM", "to npm alone"],
    ["SIGINT", "to npm's process group (Ctrl-C)"],
  ] as const)("%s %s: the server stops and frees its ports", async (signal, _to) => {
    dir = mkdtempSync(join(tmpdir(), "authhub-signal-"));
    const ports = await pickFreePorts(service.ports);
    const { args, env: own } = service.npm(ports, dir);
    const env: NodeJS.ProcessEnv = { ...process.env, ...own };
    for (const name of ["DATABASE_URL", "USERPOOL_DATABASE_URL", "NODE_ENV", "npm_lifecycle_event"]) delete env[name];
    // Detached: its own process group, so what it leaves behind can be found and, on failure, killed.
    const child = spawn("npm", args, { cwd: repoPath(), env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    group = child.pid!;
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 60_000;
    // Vite colours its banner when CI or FORCE_COLOR is set, even into a pipe ("\x1b[1mLocal\x1b[22m:").
    while (!plain(out).includes(service.ready)) {
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before serving:\n${out}`);
      if (Date.now() > deadline) throw new Error(`not serving within 60 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const port of ports) expect(await isPortFree(port), `port ${port} while running`).toBe(false);
    const started = new Map(descendants(group).map((p) => [p, commandOf(p)]));

    process.kill(signal === "SIGINT" ? -group : group, signal);
    await expectNothingLeft(group, started, 10_000);
    for (const port of ports) expect(await isPortFree(port), `port ${port} after ${signal} to npm`).toBe(true);
    expect(out).not.toMatch(/\n\s+at /);
  });
});

/** The text without ANSI escape sequences (colours, bold). */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
