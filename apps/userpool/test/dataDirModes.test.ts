/**
 * File modes of the data directory: 0700 for the directory, 0600 for every file the server writes
 * there (database, WAL, data key, development CA), on creation and at every start. On PostgreSQL
 * the data directory still holds the key and the TLS files.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StartUserpoolOptions } from "../src/main.js";
import { testEngines, type TestDatabase, type TestEngine } from "./support/engines.js";
import { startTestUserpool } from "./support/userpool.js";

const mode = (p: string) => statSync(p).mode & 0o777;
const roots: string[] = [];
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

/** Every entry the server is expected to have written, with the mode it must have. */
function expectedModes(dataDir: string, engine: TestEngine["name"]): Record<string, number> {
  const files: Record<string, number> = {
    [dataDir]: 0o700,
    [join(dataDir, "data-key")]: 0o600,
    [join(dataDir, "tls")]: 0o700,
  };
  for (const f of readdirSync(join(dataDir, "tls"))) files[join(dataDir, "tls", f)] = 0o600;
  if (engine === "sqlite") for (const s of ["", "-wal", "-shm"]) files[join(dataDir, `userpool.sqlite${s}`)] = 0o600;
  return files;
}

describe.each(testEngines())("data directory modes on $name", (engine) => {
  let umask: number;
  let root: string;
  let db: TestDatabase;
  beforeEach(async () => {
    // The usual umask, under which files are created 0644 unless the server says otherwise.
    umask = process.umask(0o022);
    root = mkdtempSync(join(tmpdir(), "userpool-modes-"));
    roots.push(root);
    db = await engine.create();
  });
  afterEach(async () => {
    process.umask(umask);
    await db.cleanup();
  });

  /** SQLite in the data directory itself; PostgreSQL elsewhere, the data directory for the key and TLS. */
  const start = (dataDir: string, extra: StartUserpoolOptions = {}) =>
    startTestUserpool({
      dataDir,
      ...(db.target.engine === "postgres" ? { databaseUrl: db.target.url } : {}),
      ...extra,
    });

  it("a fresh data directory is created 0700 and its files 0600; its parent keeps its mode", async () => {
    const dataDir = join(root, "parent", "data");
    const up = await start(dataDir);
    try {
      const expected = expectedModes(dataDir, engine.name);
      expect(Object.keys(expected)).toEqual(
        expect.arrayContaining([
          join(dataDir, "tls", "ca.pem"),
          join(dataDir, "tls", "ca-key.pem"),
          join(dataDir, "tls", "localhost.pem"),
        ]),
      );
      expect(Object.fromEntries(Object.keys(expected).map((p) => [p, mode(p)]))).toEqual(expected);
      expect(mode(join(root, "parent"))).toBe(0o755);
    } finally {
      await up.close();
    }
  });

  it(
    "files an older version left 0644 (directories 0755) " + "are made private at start; other files are not touched",
    async () => {
      const dataDir = join(root, "data");
      const first = await start(dataDir);
      await first.close();
      const ours = Object.keys(expectedModes(dataDir, engine.name)).filter((p) => existsSync(p));
      for (const p of ours) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
      // Not written by the server: an operator's note in the data directory and a key file outside it.
      writeFileSync(join(dataDir, "README.txt"), "backups: see runbook\n", { mode: 0o644 });
      mkdirSync(join(root, "secrets"));
      const keyFile = join(root, "secrets", "other-key");
      writeFileSync(keyFile, "x\n", { mode: 0o644 });
      for (const p of ours) expect(mode(p) & 0o077).not.toBe(0);

      const logs: string[] = [];
      const second = await start(dataDir, {
        logLevel: "warn",
        logDestination: { write: (s: string) => void logs.push(s) },
      });
      try {
        const expected = expectedModes(dataDir, engine.name);
        expect(Object.fromEntries(Object.keys(expected).map((p) => [p, mode(p)]))).toEqual(expected);
        expect(mode(join(dataDir, "README.txt"))).toBe(0o644);
        expect(mode(keyFile)).toBe(0o644);
        const fixed = logs
          .map((l) => JSON.parse(l) as { msg: string; paths?: string[] })
          .find((l) => l.msg.startsWith("made data directory entries readable by their owner only"));
        expect(fixed?.paths).toEqual(
          expect.arrayContaining([dataDir, join(dataDir, "data-key"), join(dataDir, "tls", "ca-key.pem")]),
        );
      } finally {
        await second.close();
      }
    },
  );
});
