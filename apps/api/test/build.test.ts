import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "./support/app.js";
import { engines } from "./support/engines.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";
import { apiRoot, run } from "./support/process.js";

/** True when some ancestor of `dir` has a node_modules folder, which would let a bundle cheat. */
function nodeModulesAbove(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) return true;
    if (dirname(d) === d) return false;
  }
}

describe("deployment bundle (npm run build)", () => {
  let issuer: TestIssuer;
  const bundle = join(apiRoot, "dist", "main.mjs");

  beforeAll(async () => {
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: apiRoot, stdio: "pipe" });
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  it("writes one ESM file", () => {
    expect(existsSync(bundle)).toBe(true);
  });

  describe.each(engines)("serving on %s", (engine, open) => {
    it(
      engine === "postgres"
        ? "runs from a folder with no node_modules at all"
        : "runs beside the installed better-sqlite3",
      async () => {
        const opened = engine === "postgres" ? await open() : undefined;
        let cwd = apiRoot;
        let entry = bundle;
        if (opened) {
          // Only PostgreSQL: nothing may be resolved from node_modules, the native SQLite addon included.
          cwd = mkdtempSync(join(tmpdir(), "api-bundle-"));
          expect(nodeModulesAbove(cwd), "the temp folder must not sit under a node_modules").toBe(false);
          entry = join(cwd, "main.mjs");
          copyFileSync(bundle, entry);
        }
        const env = {
          DB_ENV: "testing",
          PORT: "0",
          COGNITO_ISSUER: issuer.issuer,
          COGNITO_CLIENT_IDS: issuer.clientId,
          ...(opened?.env ?? {}),
        };
        try {
          if (opened) {
            const migrate = run([entry, "migrate"], env, cwd);
            expect(await migrate.exited, migrate.stderr.join("")).toBe(0);
          }
          const p = run([entry], env, cwd);
          const port = await p.listening;
          const res = await fetch(`http://127.0.0.1:${port}/users`, { headers: bearer(await issuer.idToken()) });
          expect(res.status).toBe(200);
          expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
          p.child.kill("SIGTERM");
          expect(await p.exited).toBe(0);
          expect(p.stderr.join("")).toBe("");
        } finally {
          await opened?.done();
        }
      },
    );
  });
});
