/**
 * `npm start`'s entry point as a process: banner, Ctrl-C (SIGINT to the process group) stops everything, clear
 * refusal of a taken port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPortFree, pickFreePorts } from "../lib/ports.js";
import { repoPath } from "../lib/repo.js";
import { testDatabases, type TestDatabases } from "./support.js";

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(args: string[], env: NodeJS.ProcessEnv): Started {
  // detached: its own process group, as a terminal gives it, so a group SIGINT is what Ctrl-C sends.
  // The command line of `npm start` (package.json), without npm in between.
  const child = spawn(process.execPath, ["--import", "tsx", repoPath("scripts/start.ts"), ...args], {
    cwd: repoPath(),
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

async function waitFor(s: Started, text: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.output().includes(text)) {
    if (s.child.exitCode !== null)
      throw new Error(`start.ts exited (${s.child.exitCode}) before printing "${text}":\n${s.output()}`);
    if (Date.now() > deadline)
      throw new Error(`start.ts did not print "${text}" within ${timeoutMs} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start (scripts/start.ts)", () => {
  let dbs: TestDatabases;
  const running: Started[] = [];
  beforeAll(async () => {
    dbs = await testDatabases("start");
  });
  afterAll(async () => {
    // A failed assertion must not leave a stack behind.
    for (const s of running)
      if (s.child.exitCode === null && s.child.signalCode === null) process.kill(-s.child.pid!, "SIGKILL");
    await dbs?.cleanup();
  });

  function env(): NodeJS.ProcessEnv {
    const e: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    delete e.DATABASE_URL;
    delete e.USERPOOL_DATABASE_URL;
    delete e.NODE_ENV;
    if (dbs.options.databaseUrl) e.DATABASE_URL = dbs.options.databaseUrl;
    if (dbs.options.userpoolDatabaseUrl) e.USERPOOL_DATABASE_URL = dbs.options.userpoolDatabaseUrl;
    return e;
  }

  it("prints where everything is, and Ctrl-C stops every service", async () => {
    const [web, api, userpool, https] = await pickFreePorts(4);
    const s = startCli(
      [
        "--web-port",
        String(web),
        "--api-port",
        String(api),
        "--userpool-port",
        String(userpool),
        "--https-port",
        String(https),
        "--data-dir",
        dbs.dataDir,
      ],
      env(),
    );
    running.push(s);
    await waitFor(s, "Press Ctrl-C to stop.");
    const out = s.output();
    expect(out).toMatch(new RegExp(`Web app +http://localhost:${web}/`));
    expect(out).toMatch(new RegExp(`Admin console +http://localhost:${userpool}/_console/`));
    expect(out).toMatch(new RegExp(`API +http://localhost:${api}\\b`));
    expect(out).toMatch(
      new RegExp(
        `Userpool \\(JSON API\\) +http://localhost:${userpool}` +
          ` +issuer http://localhost:${userpool}/us-east-1_AuthHub01`,
      ),
    );
    expect(out).toMatch(new RegExp(`Hosted UI / OAuth +https://localhost:${https}`));
    expect(out).toMatch(new RegExp(`Dev SAML +https://localhost:${https}/_dev/saml +\\(provider DevSAML`));
    expect(out).toMatch(new RegExp(`Dev mailbox +http://localhost:${userpool}/_dev/mailbox`));
    expect(out).toMatch(new RegExp(`Dev CA certificate +${dbs.dataDir}/userpool/tls/ca\\.pem`));
    expect(out).toMatch(/Demo accounts +demo@example\.com, demo2@example\.com +password Authhub-Demo-1!/);
    expect(out).toMatch(
      dbs.engine === "postgres"
        ? /App database +postgres:\/\//
        : new RegExp(`App database +${dbs.dataDir}/app\\.sqlite`),
    );
    expect(out).not.toMatch(/NodeVersionSupportWarning/);
    for (const port of [web, api, userpool]) expect(await isPortFree(port!)).toBe(false);

    process.kill(-s.child.pid!, "SIGINT");
    const exit = await s.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain("authhub: stopped");
    for (const port of [web, api, userpool]) expect(await isPortFree(port!)).toBe(true);
  });

  it("Ctrl-C while it is still starting stops what started, quietly", async () => {
    const ports = await pickFreePorts(4);
    const [web, api, userpool, https] = ports;
    const s = startCli(
      [
        "--web-port",
        String(web),
        "--api-port",
        String(api),
        "--userpool-port",
        String(userpool),
        "--https-port",
        String(https),
        "--data-dir",
        dbs.dataDir,
      ],
      env(),
    );
    running.push(s);
    await waitFor(s, "authhub: building the web app");
    process.kill(-s.child.pid!, "SIGINT");
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain("authhub: stopped");
    expect(s.output()).not.toContain("failed to start");
    for (const port of ports) expect(await isPortFree(port!)).toBe(true);
  });

  it("refuses to start when a port is taken, saying which and how to move it", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const taken = (blocker.address() as { port: number }).port;
    const [api, userpool, https] = await pickFreePorts(3);
    try {
      const s = startCli(
        [
          "--web-port",
          String(taken),
          "--api-port",
          String(api),
          "--userpool-port",
          String(userpool),
          "--https-port",
          String(https),
          "--data-dir",
          dbs.dataDir,
        ],
        env(),
      );
      running.push(s);
      const exit = await s.exited;
      expect(exit.code).toBe(1);
      expect(s.output()).toContain(`authhub: cannot start:\nport ${taken} (web app) is already in use`);
      expect(s.output()).toContain("npm start -- --web-port <n>");
      // A message, not a stack trace.
      expect(s.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it("rejects an unknown option with the usage line", async () => {
    const s = startCli(["--wbe-port", "3001"], env());
    running.push(s);
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toContain("usage: npm start -- [--web-port N]");
  });
});
