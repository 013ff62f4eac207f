/**
 * Fault-test harness: the userpool as a child process (as in production), a private PostgreSQL that a
 * test may stop and start, a load of sign-ups / sign-ins / refreshes / password changes over the wire,
 * and a ledger of what the server acknowledged, checked afterwards.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_DIR } from "../../src/config/runtime.js";
import { CLIENT_ID, CLIENT_SECRET, GOOD_PASSWORD, POOL_ID, testConfig, uniqueEmail } from "../support/userpool.js";

export { CLIENT_ID, POOL_ID };

/** Shared by every instance of one test, as instances behind one load balancer share it. */
export const FAULT_DATA_KEY = "5f1d3c2b4a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff00a";

const temps: string[] = [];
export function tempDir(prefix = "userpool-faults-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The test pool with a PreSignUp module that confirms every sign-up (fixtures/autoConfirm.mjs). */
export function writeFaultConfig(dir: string): string {
  const config = testConfig();
  config.UserPools[0]!.LambdaConfig = { PreSignUp: `file:${join(import.meta.dirname, "fixtures", "autoConfirm.mjs")}` };
  const path = join(dir, "userpool.config.json");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

export interface ChildUserpool {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout and stderr so far (for failure messages). */
  output(): string;
  alive(): boolean;
}

const START_TIMEOUT_MS = 90_000;
/**
 * A fault test starts one to three processes (most of its time: tsx compiling each) and runs seconds of load;
 * up to 4 minutes measured when seven other jobs shared its two cores (load 20).
 */
export const FAULT_TEST_TIMEOUT_MS = 360_000;
/** The first requests of a fresh process import what loads lazily; on a loaded machine that takes seconds. */
const WARM_UP_TIMEOUT_MS = 60_000;
/** Checking afterwards is not what is measured: a slow answer is still an answer. */
const CHECK_TIMEOUT_MS = 60_000;

/**
 * `npm start -w apps/userpool` without npm in between (node --import tsx src/main.ts): standalone, on a
 * free port, the hosted listener off, warnings logged. `env` adds the database and anything else.
 */
export async function startChild(env: Record<string, string>): Promise<ChildUserpool> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: PACKAGE_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      USERPOOL_PORT: "0",
      USERPOOL_HTTPS_PORT: "off",
      USERPOOL_LOG_LEVEL: "warn",
      USERPOOL_DATA_KEY: FAULT_DATA_KEY,
      USERPOOL_ISSUER_BASE: "http://userpool.test",
      TEST_CLIENT_SECRET: CLIENT_SECRET,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: a fresh process compiles the sources (tsx) on a 2-core machine shared with other jobs.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`userpool did not start within ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    const look = () => {
      const m = /userpool listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off("data", look);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`userpool exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return { child, url, exited, output: () => out, alive: () => child.exitCode === null && child.signalCode === null };
}

/** Ends a child that a failed assertion left running (SIGKILL: nothing to keep). */
export async function killChild(c: ChildUserpool | undefined): Promise<void> {
  if (!c?.alive()) return;
  c.child.kill("SIGKILL");
  await c.exited;
}

export interface Answer {
  /** The instance asked. */
  url: string;
  op: string;
  status: number;
  /** Cognito's `__type`, or `network:<code>` when no HTTP answer came (refused, reset, timed out). */
  type: string | undefined;
  body: Record<string, unknown>;
  startedAt: number;
  ms: number;
}

/** One AWS JSON 1.1 call; never throws: a missing answer is status 0 with the network error's code. */
export async function call(url: string, op: string, body: unknown, timeoutMs = 15_000): Promise<Answer> {
  const startedAt = Date.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${op}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { unparsed: text.slice(0, 200) };
    }
    const type = res.status === 200 ? undefined : ((parsed.__type as string | undefined) ?? `http:${res.status}`);
    return { url, op, status: res.status, type, body: parsed, startedAt, ms: Date.now() - startedAt };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const code = err.name === "TimeoutError" ? "timeout" : (err.cause?.code ?? err.name);
    return { url, op, status: 0, type: `network:${code}`, body: {}, startedAt, ms: Date.now() - startedAt };
  }
}

export interface AckedUser {
  email: string;
  /** The password the server last acknowledged. */
  password: string;
  /** A change sent but never answered: either password may be in force. */
  unanswered?: string;
}

/** What the server acknowledged (200), to be found afterwards. */
export class Ledger {
  readonly users: AckedUser[] = [];
  readonly refreshTokens: string[] = [];
  passwordChanges = 0;
  readonly answers: Answer[] = [];

  record(a: Answer): Answer {
    this.answers.push(a);
    return a;
  }

  randomUser(): AckedUser | undefined {
    return this.users[Math.floor(Math.random() * this.users.length)];
  }
}

/** How the load sends a request: to one instance, or through a client-side round robin. */
export type Send = (op: string, body: unknown) => Promise<Answer>;
export const via =
  (url: string): Send =>
  (op, body) =>
    call(url, op, body);

export const signUp = (send: Send, email: string, password = GOOD_PASSWORD, delayMs?: number) =>
  send("SignUp", {
    ClientId: CLIENT_ID,
    Username: email,
    Password: password,
    ...(delayMs ? { ClientMetadata: { delayMs: String(delayMs) } } : {}),
  });

export const signIn = (send: Send, email: string, password: string) =>
  send("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: CLIENT_ID,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });

export const refresh = (send: Send, token: string) =>
  send("InitiateAuth", {
    AuthFlow: "REFRESH_TOKEN_AUTH",
    ClientId: CLIENT_ID,
    AuthParameters: { REFRESH_TOKEN: token },
  });

type Result = { AuthenticationResult?: { AccessToken?: string; RefreshToken?: string } };

/**
 * Each worker loops until stopped: sign up a new user, sign in (keeping the refresh token), refresh a
 * random token issued so far and, with `passwordChanges`, change the new user's password.
 */
export function startLoad(
  send: Send,
  ledger: Ledger,
  opts: { workers: number; passwordChanges?: boolean; pauseMs?: number },
): { stop(): Promise<void> } {
  let running = true;
  let n = 0;
  const worker = async () => {
    while (running) {
      const email = uniqueEmail("fault");
      const up = ledger.record(await signUp(send, email));
      if (up.status === 200) ledger.users.push({ email, password: GOOD_PASSWORD });
      const user = up.status === 200 ? ledger.users.at(-1)! : ledger.randomUser();
      if (user && running) {
        const inn = ledger.record(await signIn(send, user.email, user.password));
        const tokens = (inn.body as Result).AuthenticationResult;
        if (inn.status === 200 && tokens?.RefreshToken) ledger.refreshTokens.push(tokens.RefreshToken);
        if (opts.passwordChanges && tokens?.AccessToken && running && !user.unanswered) {
          const next = `${GOOD_PASSWORD}${++n}x`;
          user.unanswered = next;
          const change = ledger.record(
            await send("ChangePassword", {
              AccessToken: tokens.AccessToken,
              PreviousPassword: user.password,
              ProposedPassword: next,
            }),
          );
          if (change.status === 200) {
            user.password = next;
            ledger.passwordChanges++;
          }
          // Refused with an answer: the old password stands. No answer: either may (checked afterwards).
          if (change.status !== 0) delete user.unanswered;
        }
      }
      const token = ledger.refreshTokens[Math.floor(Math.random() * ledger.refreshTokens.length)];
      if (token && running) ledger.record(await refresh(send, token));
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  };
  const workers = Array.from({ length: opts.workers }, worker);
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Runs `check` over `items`, `parallel` at a time; returns the items it said false for. */
export async function failing<T>(items: T[], parallel: number, check: (item: T) => Promise<boolean>): Promise<T[]> {
  const bad: T[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (i < items.length) {
        const item = items[i++]!;
        if (!(await check(item))) bad.push(item);
      }
    }),
  );
  return bad;
}

/** Every acknowledged sign-up signs in with its acknowledged password (or the unanswered one); the others, with why. */
export async function lostUsers(url: string, ledger: Ledger): Promise<(AckedUser & { answer: string })[]> {
  const send: Send = (op, body) => call(url, op, body, CHECK_TIMEOUT_MS);
  const lost: (AckedUser & { answer: string })[] = [];
  await failing(ledger.users, 4, async (u) => {
    const a = await signIn(send, u.email, u.password);
    if (a.status === 200) return true;
    if (u.unanswered !== undefined && (await signIn(send, u.email, u.unanswered)).status === 200) return true;
    lost.push({ ...u, answer: `${a.status} ${a.type}` });
    return false;
  });
  return lost;
}

/** Every refresh token issued still refreshes; the others, with why. */
export async function deadRefreshTokens(url: string, ledger: Ledger): Promise<string[]> {
  const send: Send = (op, body) => call(url, op, body, CHECK_TIMEOUT_MS);
  const dead: string[] = [];
  await failing(ledger.refreshTokens, 4, async (t) => {
    const a = await refresh(send, t);
    if (a.status !== 200) dead.push(`${t.slice(0, 12)}…: ${a.status} ${a.type}`);
    return a.status === 200;
  });
  return dead;
}

/**
 * One sign-up, sign-in and refresh before the load: the first request of a fresh process imports what
 * loads lazily (the trigger module, tsx compiling on first use), seconds on a loaded machine.
 */
export async function warmUp(url: string): Promise<void> {
  const send: Send = (op, body) => call(url, op, body, WARM_UP_TIMEOUT_MS);
  const email = uniqueEmail("warm");
  const up = await signUp(send, email, GOOD_PASSWORD);
  const inn = await signIn(send, email, GOOD_PASSWORD);
  const token = (inn.body as Result).AuthenticationResult?.RefreshToken ?? "";
  const again = await refresh(send, token);
  const bad = [up, inn, again].filter((a) => a.status !== 200);
  if (bad.length) throw new Error(`warm-up failed: ${JSON.stringify(bad)}`);
}

/** Waits for `n` answers of 200 (the load is warm), failing with what it got instead after 20 s. */
export async function served(ledger: Ledger, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (ledger.answers.filter((a) => a.status === 200).length < n) {
    if (Date.now() > deadline) {
      const seen = ledger.answers.map((a) => `${a.op} ${a.status} ${a.type ?? ""} ${a.ms}ms`);
      throw new Error(`the load was not served ${n} times within 20 s:\n${seen.slice(0, 20).join("\n")}`);
    }
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** Its commands run asynchronously: the load goes on while PostgreSQL stops and starts. */
export interface PrivatePostgres {
  url: string;
  /** Resolves once it accepts connections (`pg_ctl start -w`). */
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: every connection is terminated, as in a restart or a failover. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * A PostgreSQL of our own in a temporary directory, on a free port: the shared server on 5432 must
 * never be stopped (other tests use it). As root, the server runs as the OS user `postgres`.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const fix =
    "the PostgreSQL fault test needs PostgreSQL 15's server binaries in /usr/lib/postgresql/15/bin " +
    "(Debian/Ubuntu: `apt-get install postgresql-15`)";
  if (!existsSync(join(PG_BIN, "pg_ctl")) || !existsSync(join(PG_BIN, "initdb")))
    throw new Error(`${fix}; they are missing`);
  const asRoot = process.getuid?.() === 0;
  let uid = -1;
  if (asRoot) {
    try {
      uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    } catch {
      throw new Error(`${fix}, and running as root it needs the OS user \`postgres\` (which does not exist)`);
    }
  }
  const dir = tempDir("userpool-pg-");
  if (asRoot) chownSync(dir, uid, -1);
  const data = join(dir, "data");
  const port = await freePort();
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [file, argv] = asRoot
        ? ["runuser", ["-u", "postgres", "--", join(PG_BIN, cmd), ...args]]
        : [join(PG_BIN, cmd), args];
      execFile(file, argv, { timeout: 60_000 }, (err, _stdout, stderr) =>
        err ? reject(new Error(`${cmd} ${args.join(" ")} failed: ${stderr || err.message}\n(${fix})`)) : resolve(),
      );
    });
  await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "--no-instructions"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]),
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    cleanup: async () => {
      if (existsSync(join(data, "postmaster.pid"))) await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}
