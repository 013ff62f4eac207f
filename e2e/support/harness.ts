/**
 * One scenario file = one fresh stack (free ports, temporary data directory, its own clock) and
 * one browser. Each scenario opens fresh browser contexts, and every step leaves a screenshot in
 * e2e/artifacts/<file>/ (git-ignored) next to the stack's log.
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createPgTestSchema } from "@authhub/appdb/testing";
import { afterAll, beforeAll } from "vitest";
import { StackClock, startStack, type RunningStack, type StackOptions } from "../../scripts/stack.js";
import { launchChromium, spkiHash } from "./chromium.js";

export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

export interface E2eStack {
  readonly stack: RunningStack;
  readonly browser: Browser;
  readonly clock: StackClock;
  /** A scenario: numbered, screenshotted steps in fresh browser contexts. */
  scenario(name: string): Scenario;
}

/** Registers beforeAll/afterAll that start and stop the stack and the browser for this file. */
export function useStack(fileName: string, opts: Pick<StackOptions, "adjustConfig"> = {}): E2eStack {
  let stack: RunningStack | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let log: WriteStream | undefined;
  let dropSchemas: (() => Promise<void>) | undefined;
  const clock = new StackClock();
  const dir = join(ARTIFACTS_DIR, fileName);
  const scenarios: Scenario[] = [];

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    log = createWriteStream(join(dir, "stack.log"));
    dataDir = mkdtempSync(join(tmpdir(), `authhub-e2e-${fileName}-`));
    const pg = await postgresIfAsked();
    dropSchemas = pg?.drop;
    stack = await startStack({
      ...(pg ? { databaseUrl: pg.app, userpoolDatabaseUrl: pg.userpool } : {}),
      ports: { userpool: 0, userpoolHttps: 0, api: 0, web: 0 },
      dataDir,
      clock,
      logOutput: log,
      logLevel: "info",
      env: {},
      ...(opts.adjustConfig ? { adjustConfig: opts.adjustConfig } : {}),
    });
    browser = await launchChromium({ trustedSpki: devCertificateSpki(dataDir) });
  });

  afterAll(async () => {
    for (const s of scenarios) await s.close();
    await browser?.close();
    await stack?.close();
    await new Promise<void>((r) => (log ? log.end(() => r()) : r()));
    await dropSchemas?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not running (beforeAll failed?)`);
    return v;
  };
  return {
    get stack() {
      return need(stack, "the stack");
    },
    get browser() {
      return need(browser, "the browser");
    },
    clock,
    scenario(name: string) {
      const s = new Scenario(join(dir, name), need(browser, "the browser"), need(stack, "the stack"));
      scenarios.push(s);
      return s;
    },
  };
}

/**
 * With DATABASE_URL and USERPOOL_DATABASE_URL set, the stack runs on PostgreSQL: a fresh schema for
 * the app database and another for the pool (they must not share a `users` table), dropped afterwards.
 */
async function postgresIfAsked(): Promise<{ app: string; userpool: string; drop(): Promise<void> } | undefined> {
  const appUrl = process.env.DATABASE_URL;
  const poolUrl = process.env.USERPOOL_DATABASE_URL;
  if (!appUrl && !poolUrl) return undefined;
  if (!appUrl || !poolUrl)
    throw new Error(
      "set both DATABASE_URL and USERPOOL_DATABASE_URL to run the end-to-end tests on PostgreSQL " +
        "(or neither, for SQLite)",
    );
  const app = await createPgTestSchema(appUrl, "e2e_app");
  const pool = await createPgTestSchema(poolUrl, "e2e_pool");
  return {
    app: app.url,
    userpool: pool.url,
    drop: async () => {
      await app.drop();
      await pool.drop();
    },
  };
}

/** The SPKI hash of the userpool's development `localhost` certificate, once it has one. */
function devCertificateSpki(dataDir: string): string[] {
  const leaf = join(dataDir, "userpool", "tls", "localhost.pem");
  if (!existsSync(leaf)) return [];
  const pem = readFileSync(leaf, "utf8");
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!cert) throw new Error(`${leaf} holds no certificate`);
  return [spkiHash(cert)];
}

export class Scenario {
  #step = 0;
  readonly #contexts: BrowserContext[] = [];
  readonly #clockedContexts: BrowserContext[] = [];
  readonly #pages = new Map<string, Page>();

  constructor(
    readonly dir: string,
    private readonly browser: Browser,
    readonly stack: RunningStack,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * A page in a new browser context (its own storage: another browser, as far as the app knows).
   * `controlClock`: the page's Date and timers start at the stack clock's time and run with it,
   * jumping when `advanceTime` moves it, so the app sees the same time as the userpool and the API.
   */
  async newBrowser(
    label = "browser",
    opts: { controlClock?: boolean; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    const context = await this.browser.newContext({ viewport: opts.viewport ?? { width: 1100, height: 900 } });
    context.setDefaultTimeout(20_000);
    if (opts.controlClock) {
      await context.clock.install({ time: this.stack.clock.nowMs() });
      this.#clockedContexts.push(context);
    }
    this.#contexts.push(context);
    const page = await context.newPage();
    this.#pages.set(label, page);
    return page;
  }

  /** Moves time forward for the userpool, the API and every clock-controlled browser together. */
  async advanceTime(ms: number): Promise<void> {
    this.stack.clock.advance(ms);
    for (const c of this.#clockedContexts) await c.clock.fastForward(ms);
  }

  /** Runs one step, then screenshots every open page; a failing step is screenshotted as such. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const n = String(++this.#step).padStart(2, "0");
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    try {
      const result = await fn();
      await this.#shoot(`${n}-${slug}`);
      return result;
    } catch (e) {
      await this.#shoot(`${n}-${slug}-FAILED`);
      throw e;
    }
  }

  async #shoot(base: string): Promise<void> {
    for (const [label, page] of this.#pages) {
      if (page.isClosed()) continue;
      const file = this.#pages.size > 1 ? `${base}-${label}.png` : `${base}.png`;
      await page.screenshot({ path: join(this.dir, file), fullPage: true }).catch(() => {});
    }
  }

  async close(): Promise<void> {
    for (const c of this.#contexts) await c.close().catch(() => {});
  }
}
