/**
 * Graceful shutdown (issue #25, ADR 0036): on SIGTERM the userpool stops accepting connections, lets
 * the requests in flight finish (they answer 200), closes the database and exits 0; past
 * USERPOOL_SHUTDOWN_GRACE_MS it cuts what is left instead of waiting. Requests are held in flight by
 * the PreSignUp fixture (ClientMetadata.delayMs). SQLite always, PostgreSQL with USERPOOL_DATABASE_URL.
 * The hosted UI / OAuth listener drains the same way, beside the JSON API (ADR 0044).
 */
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { connect as connectTls } from "node:tls";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testEngines, type TestDatabase } from "../support/engines.js";
import { uniqueEmail } from "../support/userpool.js";
import {
  type ChildUserpool,
  killChild,
  removeTempDirs,
  signUp,
  sleep,
  startChild,
  tempDir,
  via,
  warmUp,
  writeFaultConfig,
  FAULT_TEST_TIMEOUT_MS,
} from "./support.js";

/** How long each request in flight takes (the PreSignUp fixture sleeps this long). */
const HOLD_MS = 1_500;

/** Resolves with the error code of a new TCP connection to `url`, or "connected". */
function connectOutcome(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const children: ChildUserpool[] = [];
afterAll(async () => {
  for (const c of children) await killChild(c);
  removeTempDirs();
});

describe.each(testEngines())("SIGTERM on $name", (engine) => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.cleanup();
  });

  it(
    "stops accepting, completes the requests in flight with 200, closes the database, exits 0",
    async () => {
      db = await engine.create();
      const dir = tempDir();
      const up = await startChild({
        USERPOOL_CONFIG: writeFaultConfig(dir),
        USERPOOL_SHUTDOWN_GRACE_MS: "30000",
        ...(db.target.engine === "postgres"
          ? { USERPOOL_DATABASE_URL: db.target.url, USERPOOL_DATA_DIR: dir }
          : { USERPOOL_DATA_DIR: dirname(db.target.file) }),
      });
      children.push(up);
      await warmUp(up.url);
      const send = via(up.url);
      const inFlight = Array.from({ length: 3 }, () => signUp(send, uniqueEmail("drain"), undefined, HOLD_MS));
      // Well inside the hold: the requests have reached the server and wait in PreSignUp.
      await sleep(HOLD_MS / 3);
      const termAt = Date.now();
      up.child.kill("SIGTERM");
      await sleep(100);
      expect(await connectOutcome(up.url)).toBe("ECONNREFUSED");

      const answers = await Promise.all(inFlight);
      expect(answers.map((a) => `${a.status} ${a.type ?? ""}`)).toEqual(["200 ", "200 ", "200 "]);
      expect(answers.every((a) => a.body.UserConfirmed === true)).toBe(true);
      expect(await up.exited).toEqual({ code: 0, signal: null });
      const stoppedMs = Date.now() - termAt;
      // It waited for the requests, not for the whole grace period.
      expect(stoppedMs).toBeLessThan(20_000);
      expect(up.output()).not.toMatch(/\n\s+at /);
      // SQLite's last connection checkpoints the WAL into the file and removes it when it closes.
      if (db.target.engine === "sqlite") expect(existsSync(`${db.target.file}-wal`)).toBe(false);
      process.stdout.write(
        `[faults] SIGTERM on ${engine.name}: 3 requests in flight drained, exit 0 after ${stoppedMs} ms\n`,
      );
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});

describe("SIGTERM with the hosted UI listener on", () => {
  it(
    "stops accepting on the hosted listener too, answers its request in flight, exits 0",
    async () => {
      const dir = tempDir();
      const up = await startChild({
        USERPOOL_CONFIG: writeFaultConfig(dir),
        USERPOOL_DATA_DIR: dir,
        USERPOOL_HTTPS_PORT: "0",
        USERPOOL_SHUTDOWN_GRACE_MS: "30000",
      });
      children.push(up);
      const m = /hosted UI \/ OAuth on (https:\/\/\S+) \(development CA: (\S+)\)/.exec(up.output());
      if (!m) throw new Error(`no hosted listener announced:\n${up.output()}`);
      const hosted = new URL(m[1]!);
      const ca = readFileSync(m[2]!);
      // A token request held in flight by its client: headers sent, the body's last bytes not yet.
      const body = "grant_type=refresh_token&client_id=none&refresh_token=x";
      const socket = connectTls({ host: hosted.hostname, port: Number(hosted.port), servername: "localhost", ca });
      await new Promise<void>((resolve, reject) => {
        socket.once("secureConnect", resolve);
        socket.once("error", reject);
      });
      let answer = "";
      socket.on("data", (c: Buffer) => (answer += c.toString()));
      const closed = new Promise<void>((resolve) => socket.once("close", resolve));
      socket.write(
        `POST /oauth2/token HTTP/1.1\r\nHost: ${hosted.host}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
      await sleep(300);
      up.child.kill("SIGTERM");
      await sleep(300);
      // Both listeners refuse new connections at once; the hosted one no longer waits for the API's drain.
      expect(await connectOutcome(hosted.href)).toBe("ECONNREFUSED");
      expect(await connectOutcome(up.url)).toBe("ECONNREFUSED");
      expect(up.alive()).toBe(true);
      socket.end(body.slice(10));
      await closed;
      // Answered by the OAuth endpoint (an unknown client), not cut: before, the hosted listener was closed
      // with closeAllConnections and this connection ended without a byte.
      expect(answer).toMatch(/^HTTP\/1\.1 (400|401) /);
      expect(answer).toMatch(/"error":"invalid_client"/);
      expect(await up.exited).toEqual({ code: 0, signal: null });
      expect(up.output()).not.toMatch(/\n\s+at /);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});

describe("SIGTERM past the grace period", () => {
  it(
    "cuts the requests still in flight and exits 0 without waiting for them",
    async () => {
      const dir = tempDir();
      const up = await startChild({
        USERPOOL_CONFIG: writeFaultConfig(dir),
        USERPOOL_DATA_DIR: dir,
        USERPOOL_SHUTDOWN_GRACE_MS: "300",
      });
      children.push(up);
      await warmUp(up.url);
      const slow = signUp(via(up.url), uniqueEmail("cut"), undefined, 4_000);
      await sleep(500);
      up.child.kill("SIGTERM");
      expect(await up.exited).toEqual({ code: 0, signal: null });
      // Cut, not answered: without the cut it would have answered 200 when the 4 s hold ended.
      expect(await slow).toMatchObject({ status: 0 });
      expect(existsSync(join(dir, "userpool.sqlite-wal"))).toBe(false);
    },
    FAULT_TEST_TIMEOUT_MS,
  );

  it(
    "refuses a grace period it cannot honour, naming the variable",
    async () => {
      const dir = tempDir();
      await expect(
        startChild({
          USERPOOL_CONFIG: writeFaultConfig(dir),
          USERPOOL_DATA_DIR: dir,
          USERPOOL_SHUTDOWN_GRACE_MS: "1e9",
        }),
      ).rejects.toThrow(/USERPOOL_SHUTDOWN_GRACE_MS must be an integer 0\.\.120000; got "1e9"/);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
