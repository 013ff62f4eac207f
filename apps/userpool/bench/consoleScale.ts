// The admin console at scale (issue #26; not a test: the figures depend on the machine). Starts the userpool as
// its own process on a seeded SQLite data directory (development mode, the console built into apps/console/dist),
// then times in Chromium, over RUNS runs each (median and p95):
//   page load    a fresh browser context opens /_console/pools/<pool>/users: navigation start → first user row
//                painted (the frame after the row entered the DOM);
//   exact        the filter builder set to `email = "<one user's e-mail>"`: click Search → that user's row painted;
//   prefix       `email ^= "user0NNN"`: click Search → a row of the prefix painted;
//   next page    click "Next page" → the next page's rows painted (a new first user);
// and the same ListUsers calls straight to /_console/api/op/ListUsers with fetch (the session's cookie and CSRF
// token, JSON included), with the 1-minute load average while it ran.
//   npm run seed -w apps/userpool -- --users 1000000 --db /tmp/scale   (the long part: see BENCHMARKS.md)
//   npm run bench:console -w apps/userpool -- --data-dir /tmp/scale [--pool us-east-1_Seeded000] [--runs 20]
//     [--port 19329] [--https-port 19743]
// SQLite only (what was measured): --data-dir holds userpool.sqlite; USERPOOL_DATABASE_URL is not passed on.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureConsoleBuild } from "../../console/build.js";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    pool: { type: "string", default: "us-east-1_Seeded000" },
    runs: { type: "string", default: "20" },
    port: { type: "string", default: "19329" },
    "https-port": { type: "string", default: "19743" },
  },
});
const dataDir = values["data-dir"];
if (!dataDir) throw new Error("--data-dir is required: the seeded data directory (npm run seed)");
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 10) throw new Error("--runs: an integer of at least 10");
const POOL = values.pool;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const USERPOOL_ROOT = join(import.meta.dirname, "..");

const loads: number[] = [];
const sampleLoad = () => loads.push(loadavg()[0]!);

const median = (sorted: number[]) =>
  (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.floor(sorted.length / 2)]!) / 2;

/** Median and p95 (nearest rank: with 20 runs the 19th, with 10 the slowest). */
function summary(name: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const p95 = s[Math.ceil(0.95 * s.length) - 1]!;
  const f = (n: number) => n.toFixed(1).padStart(7);
  return `${name.padEnd(34)} median ${f(median(s))} ms  p95 ${f(p95)} ms  (n=${s.length}, max ${s.at(-1)!.toFixed(1)})`;
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(join(dataDir!, "userpool.sqlite"))) throw new Error(`no userpool.sqlite in ${dataDir}`);
  const built = await ensureConsoleBuild();
  if (built.built) console.log(`built the console (${built.reason})`);
  const url = `http://127.0.0.1:${values.port}`;
  // The deployed entry point, so the figures include what a server pays per request (the info-level request log).
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: USERPOOL_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      USERPOOL_DATABASE_URL: undefined,
      USERPOOL_MODE: "development",
      USERPOOL_HOST: "127.0.0.1",
      USERPOOL_PORT: values.port,
      USERPOOL_HTTPS_PORT: values["https-port"],
      USERPOOL_DATA_DIR: dataDir,
      USERPOOL_CONSOLE_DIR: built.dir,
    },
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`the userpool exited (${code}) before it answered`))),
  );
  exited.catch(() => {});
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${url}/_console/api/session`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await Promise.race([new Promise((r) => setTimeout(r, 250)), exited]);
  }
  child.kill("SIGTERM");
  throw new Error("the userpool did not answer within 150 s");
}

const emailOf = (i: number) => `user${String(i).padStart(7, "0")}@example.com`;
/** "user0NNN": 1,000 users each; consecutive runs get different ones (so a search's rows are new rows). */
const prefixOf = (run: number, seeded: number) =>
  emailOf(1000 * (((run + 2) * 97) % Math.max(2, Math.ceil(seeded / 1000)))).slice(0, 8);

/** The API timings, and how many users were seeded (the targets are picked below that). */
async function apiTimes(url: string): Promise<{ lines: string[]; seeded: number }> {
  const session = await fetch(`${url}/_console/api/session`);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const listUsers = async (body: object) => {
    const r = await fetch(`${url}/_console/api/op/ListUsers`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken, cookie },
      body: JSON.stringify({ UserPoolId: POOL, Limit: 25, ...body }),
    });
    const json = (await r.json()) as { Users?: { Username: string }[]; PaginationToken?: string };
    if (!r.ok) throw new Error(`ListUsers ${r.status}: ${JSON.stringify(json)}`);
    return json;
  };
  // The seed numbers users from 0: find the highest present by bisection on exact e-mail lookups.
  let lo = 0;
  let hi = 10_000_000;
  if (!(await listUsers({ Filter: `email = "${emailOf(0)}"` })).Users?.length)
    throw new Error(`no seeded user ${emailOf(0)} in ${POOL}`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await listUsers({ Filter: `email = "${emailOf(mid)}"` })).Users?.length) lo = mid;
    else hi = mid;
  }
  const seeded = lo + 1;
  const timed = async (fn: (run: number) => Promise<unknown>) => {
    const ms: number[] = [];
    await fn(-1); // warm-up, not counted
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      await fn(run);
      ms.push(performance.now() - t0);
      sampleLoad();
    }
    return ms;
  };
  const pick = (run: number) => Math.floor(((run + 2) * 7919 * 104729) % seeded);
  const first = await timed(() => listUsers({}));
  const exact = await timed(async (run) => {
    const page = await listUsers({ Filter: `email = "${emailOf(pick(run))}"` });
    if (page.Users?.length !== 1) throw new Error("exact search: not one user");
  });
  const prefix = await timed((run) => listUsers({ Filter: `email ^= "${prefixOf(run, seeded)}"` }));
  let token = (await listUsers({})).PaginationToken;
  const next = await timed(async () => {
    const page = await listUsers({ PaginationToken: token });
    token = page.PaginationToken;
  });
  return {
    seeded,
    lines: [
      summary("API ListUsers first page", first),
      summary('API ListUsers email = "…"', exact),
      summary('API ListUsers email ^= "user0NNN"', prefix),
      summary("API ListUsers next page", next),
    ],
  };
}

// The browser side is JavaScript source (this workspace has no DOM types), evaluated in the page.

/**
 * Clicks `selector` and resolves with the ms from just before the click to the first animation frame after a
 * user row whose e-mail starts with `prefix`, and was not in the table before, entered the DOM: the frame that
 * paints it. (The users page keeps the previous rows on screen while it loads, so only new rows count.)
 */
function clickToRow(page: Page, selector: string, prefix: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const selector = ${JSON.stringify(selector)}, prefix = ${JSON.stringify(prefix)};
    const emails = () => [...document.querySelectorAll("tbody tr td:nth-child(2)")].map((td) => td.textContent);
    const before = new Set(emails());
    const timer = setTimeout(() => reject(new Error("no new row starting " + prefix + " within 60 s")), 60000);
    const observer = new MutationObserver(() => {
      if (!emails().some((e) => e.startsWith(prefix) && !before.has(e))) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const button = document.querySelector(selector);
    if (!button) return reject(new Error("no " + selector));
    const t0 = performance.now();
    button.click();
  })`);
}

// Installed before the page's own scripts: the ms from the navigation's start (performance.now()'s origin) to
// the frame that paints the first user row.
const FIRST_ROW = `window.__firstRow = new Promise((resolve) => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector("tbody tr")) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
});`;

async function browserTimes(browser: Browser, url: string, seeded: number): Promise<string[]> {
  const usersUrl = `${url}/_console/pools/${encodeURIComponent(POOL)}/users`;
  // Page load: a fresh context each run (no cookie, no cache), as an admin opening the console.
  const loadMs: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    const context = await browser.newContext();
    await context.addInitScript(FIRST_ROW);
    const page = await context.newPage();
    await page.goto(usersUrl, { waitUntil: "commit" });
    const ms = await page.evaluate<number>("window.__firstRow");
    if (run >= 0) loadMs.push(ms);
    sampleLoad();
    await context.close();
  }

  // The same load again in one context (assets cached, the session cookie kept), as an admin coming back.
  const context = await browser.newContext();
  await context.addInitScript(FIRST_ROW);
  const page = await context.newPage();
  const warmMs: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    await page.goto(usersUrl, { waitUntil: "commit" });
    const ms = await page.evaluate<number>("window.__firstRow");
    if (run >= 0) warmMs.push(ms);
    sampleLoad();
  }
  await page.locator("tbody tr").first().waitFor();
  const pick = (run: number) => Math.floor(((run + 3) * 6007 * 104723) % seeded);
  const search = async (operator: "=" | "^=", value: string) => {
    await page.getByLabel("Match").selectOption(operator);
    await page.getByLabel("Value").fill(value);
    return clickToRow(page, ".filter-builder button[type=submit]", value);
  };
  const timed = async (fn: (run: number) => Promise<number>) => {
    const ms: number[] = [];
    for (let run = -1; run < RUNS; run++) {
      const t = await fn(run);
      if (run >= 0) ms.push(t);
      sampleLoad();
    }
    return ms;
  };
  const exact = await timed((run) => search("=", emailOf(pick(run))));
  const prefix = await timed((run) => search("^=", prefixOf(run, seeded)));
  // Next page: from the unfiltered first page, page after page ("user" starts every seeded e-mail).
  await page.goto(usersUrl);
  await page.locator("tbody tr").first().waitFor();
  const next = await timed(() => clickToRow(page, "nav.pager button:last-child", "user"));
  await context.close();
  return [
    summary("Console page load → first page", loadMs),
    summary("Console page load, cached assets", warmMs),
    summary('Console search email = "…"', exact),
    summary('Console search email ^= "user0NNN"', prefix),
    summary("Console next page", next),
  ];
}

const { url, child } = await startServer();
const stop = () => child.exitCode === null && child.kill("SIGTERM");
process.once("SIGINT", () => {
  stop();
  process.exit(130);
});
let browser: Browser | undefined;
try {
  const started = new Date();
  sampleLoad();
  const api = await apiTimes(url);
  console.log(`${api.seeded} users in ${POOL} (${dataDir}), ${RUNS} runs each after one warm-up`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const ui = await browserTimes(browser, url, api.seeded);
  for (const line of [...ui, ...api.lines]) console.log(line);
  const l = [...loads].sort((a, b) => a - b);
  console.log(
    `1-minute load average ${l[0]!.toFixed(1)}–${l.at(-1)!.toFixed(1)} (median ${median(l).toFixed(1)}); ` +
      `${started.toISOString()} – ${new Date().toISOString()}`,
  );
} finally {
  await browser?.close();
  stop();
}
