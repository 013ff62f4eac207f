/**
 * `npm start` stopped by SIGTERM sent to its process alone (as `kill <pid>`, systemd or a container runtime do,
 * unlike Ctrl-C, which the terminal sends to the whole process group: start.test.ts): every service of the stack
 * stops, the process exits 0, no port stays taken and no process it started remains (docs/userpool/faults.md).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

  it("stops every service, exits 0, frees every port and leaves no process behind", async () => {
    const ports = await pickFreePorts(4);
    const [web, api, userpool, https] = ports.map(String);
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    delete env.DATABASE_URL;
    delete env.USERPOOL_DATABASE_URL;
    delete env.NODE_ENV;
    if (dbs.options.databaseUrl) env.DATABASE_URL = dbs.options.databaseUrl;
    if (dbs.options.userpoolDatabaseUrl) env.USERPOOL_DATABASE_URL = dbs.options.userpoolDatabaseUrl;
    // The command line of `npm start` (package.json) without npm; detached: a process group of its own, so
    // anything it leaves behind can be found (and, on failure, killed) by the group.
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        repoPath("scripts/start.ts"),
        ...["--web-port", web!, "--api-port", api!, "--userpool-port", userpool!, "--https-port", https!],
        ...["--data-dir", dbs.dataDir],
      ],
      { cwd: repoPath(), env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    pid = child.pid!;
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 110_000;
    while (!out.includes("Press Ctrl-C to stop.")) {
      if (child.exitCode !== null) throw new Error(`start.ts exited (${child.exitCode}) before its banner:\n${out}`);
      if (Date.now() > deadline) throw new Error(`start.ts printed no banner within 110 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const port of ports) expect(await isPortFree(port), `port ${port} while running`).toBe(false);
    const started = new Map(descendants(pid).map((p) => [p, commandOf(p)]));

    process.kill(pid, "SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(out).toContain("authhub: SIGTERM, stopping…");
    expect(out).toContain("authhub: stopped");
    expect(out).not.toMatch(/\n\s+at /);
    for (const port of ports) expect(await isPortFree(port), `port ${port} after SIGTERM`).toBe(true);
    // A child that exits with its parent may take a moment to go; one still there after 5 s was left behind.
    const left = () => [...started.keys()].filter(alive).concat(groupMembers(pid!));
    for (let waited = 0; left().length && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(left().map((p) => `${p} ${started.get(p) ?? commandOf(p)}`)).toEqual([]);
  });
});
