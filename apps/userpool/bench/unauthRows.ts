// Rows created per 1,000 unauthenticated requests, and what one housekeeping pass leaves of them.
// Not a test and not timed: a count, the same on any machine.
//   npx tsx bench/unauthRows.ts                 SQLite
//   USERPOOL_DATABASE_URL=postgres://… npx tsx bench/unauthRows.ts postgres
//   UNAUTH_REQUESTS=1000 (per kind), UNAUTH_CONCURRENCY=8
//
// Starts the user pool in-process with the OAuth test pool (PreventUserExistenceErrors ENABLED, a
// domain, the development Google as identity provider) on a manual clock, sends each kind of
// request that needs no credentials, counts every table after each kind, then moves the clock past
// every lifetime (9 days: confirmation codes live 24 h and are kept a week past expiry) and runs
// one housekeeping pass.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { ManualClock } from "../src/clock.js";
import { createLogger } from "../src/log.js";
import { Housekeeping } from "../src/services/housekeeping.js";
import { srpPoolName } from "../src/services/pools.js";
import { testEngines } from "../test/support/engines.js";
import type { Store } from "../src/store/index.js";
import { passwordVerifierResponses, srpAHex } from "../test/support/srpClient.js";
import { Browser, CALLBACK, createUser, parseForm, POOL, startOAuthUserpool, WEB } from "../test/oauth/support.js";
import { benchClient, ephemerals } from "./client.js";

const N = Number(process.env.UNAUTH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.UNAUTH_CONCURRENCY ?? 8);
const WRONG = "Wrong-Passw0rd!1";
const DAY = 86_400_000;

const unknown = () => `probe-${randomUUID()}@example.com`;

/**
 * Runs `one(i)` for i < N, CONCURRENCY at a time;
 * every call must settle as the protocol's error or success (no 5xx).
 */
async function times(one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await one(next++);
    }),
  );
}

async function counts(store: Store): Promise<Record<string, number>> {
  const tables =
    store.engine === "postgres"
      ? (
          await sql<{
            t: string;
          }>`select table_name as t from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(store.db)
        ).rows
      : (
          await sql<{
            t: string;
          }>`select name as t from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(store.db)
        ).rows;
  const out: Record<string, number> = {};
  for (const { t } of tables.sort((a, b) => a.t.localeCompare(b.t))) {
    if (t.startsWith("userpool_migrations")) continue;
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(store.db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

async function main(): Promise<void> {
  const want = process.argv[2] ?? "sqlite";
  const engine = testEngines().find((e) => e.name === want);
  if (!engine) throw new Error(`engine ${want} is not available (postgres needs USERPOOL_DATABASE_URL)`);
  const clock = new ManualClock();
  const up = await startOAuthUserpool(engine, { clock });
  try {
    const api = benchClient(up.url, CONCURRENCY);
    const expectedError = new RegExp(
      [
        ": (NotAuthorizedException|CodeMismatchException|LimitExceededException",
        "|UserNotFoundException|ExpiredCodeException)",
      ].join(""),
    );
    /** An AWS JSON call whose 4xx answer is expected; a 5xx or a transport error stops the run. */
    const call = async (op: string, body: unknown): Promise<Record<string, any> | undefined> => {
      try {
        return await api.call(op, body);
      } catch (e) {
        if (expectedError.test((e as Error).message)) return undefined;
        throw e;
      }
    };
    const authorizeUrl = (extra: Record<string, string>) =>
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: "c".repeat(43),
        code_challenge_method: "S256",
        ...extra,
      })}`;
    const eph = ephemerals(CONCURRENCY);
    const victim = await createUser(up);
    const poolName = srpPoolName(POOL);

    // One login page (its CSRF cookie and fields) serves every hosted POST, as one browser would.
    const browser = new Browser(up.tlsFetch);
    const page = await browser.navigate(authorizeUrl({}), [up.hosted]);
    const login = parseForm(page);

    const kinds: [string, (i: number) => Promise<void>][] = [
      [
        "InitiateAuth USER_PASSWORD_AUTH, unknown name",
        async () =>
          void (await call("InitiateAuth", {
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: WEB,
            AuthParameters: { USERNAME: unknown(), PASSWORD: WRONG },
          })),
      ],
      [
        "USER_SRP_AUTH + wrong PASSWORD_VERIFIER, unknown name",
        async (i) => {
          const ephemeral = eph[i % eph.length]!;
          const started = await call("InitiateAuth", {
            AuthFlow: "USER_SRP_AUTH",
            ClientId: WEB,
            AuthParameters: { USERNAME: unknown(), SRP_A: srpAHex(ephemeral) },
          });
          const ChallengeResponses = passwordVerifierResponses({
            poolName,
            password: WRONG,
            ephemeral,
            challengeParameters: started!.ChallengeParameters,
            now: clock.now(),
          });
          await call("RespondToAuthChallenge", {
            ClientId: WEB,
            ChallengeName: "PASSWORD_VERIFIER",
            ChallengeResponses,
          });
        },
      ],
      [
        "ConfirmSignUp, unknown name",
        async () =>
          void (await call("ConfirmSignUp", { ClientId: WEB, Username: unknown(), ConfirmationCode: "123456" })),
      ],
      [
        "ForgotPassword, unknown name",
        async () => void (await call("ForgotPassword", { ClientId: WEB, Username: unknown() })),
      ],
      [
        "ResendConfirmationCode, unknown name",
        async () => void (await call("ResendConfirmationCode", { ClientId: WEB, Username: unknown() })),
      ],
      [
        "SignUp, new name",
        async () => void (await call("SignUp", { ClientId: WEB, Username: unknown(), Password: "Good-Passw0rd!1" })),
      ],
      [
        "/oauth2/authorize?identity_provider=Google",
        async () => {
          const r = await up.tlsFetch(authorizeUrl({ identity_provider: "Google" }), { redirect: "manual" });
          await r.arrayBuffer();
          if (r.status !== 302) throw new Error(`authorize answered ${r.status}`);
        },
      ],
      [
        "hosted POST /login, wrong password, unknown name",
        async () => {
          const r = await browser.request(login.action, {
            form: { ...login.fields, username: unknown(), password: WRONG },
          });
          // A wrong password re-renders the form with 400 and Cognito's message.
          if (r.status !== 400 || !/Incorrect username or password|Password attempts exceeded/.test(r.body))
            throw new Error(`login answered ${r.status}`);
        },
      ],
      [
        "hosted POST /login, wrong password, one existing user",
        async () => {
          const r = await browser.request(login.action, {
            form: { ...login.fields, username: victim, password: WRONG },
          });
          if (r.status !== 400 || !/Incorrect username or password|Password attempts exceeded/.test(r.body))
            throw new Error(`login answered ${r.status}`);
        },
      ],
    ];

    const base = await counts(up.store);
    const rows: { kind: string; gained: Record<string, number> }[] = [];
    let last = base;
    for (const [kind, one] of kinds) {
      const started = Date.now();
      await times(one);
      const now = await counts(up.store);
      const gained = Object.fromEntries(
        Object.entries(now)
          .map(([t, n]) => [t, n - (last[t] ?? 0)])
          .filter(([, n]) => n !== 0),
      );
      rows.push({ kind, gained });
      process.stderr.write(`${kind}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      last = now;
    }
    clock.advance(9 * DAY);
    const pass = await new Housekeeping({ store: up.store, clock, log: createLogger({ level: "silent" }) }).run();
    const after = await counts(up.store);

    const tables = [...new Set(rows.flatMap((r) => Object.keys(r.gained)))].sort();
    const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
    const out = [
      `engine: ${up.store.engine}, ${N} requests per kind`,
      "",
      line(["requests", ...tables, "total"]),
      line(["---", ...tables.map(() => "---:"), "---:"]),
      ...rows.map((r) =>
        line([r.kind, ...tables.map((t) => r.gained[t] ?? 0), Object.values(r.gained).reduce((a, b) => a + b, 0)]),
      ),
      line([
        "**all kinds**",
        ...tables.map((t) => last[t]! - (base[t] ?? 0)),
        tables.reduce((a, t) => a + last[t]! - (base[t] ?? 0), 0),
      ]),
      line([
        "**left after one housekeeping pass, clock +9 days**",
        ...tables.map((t) => after[t]! - (base[t] ?? 0)),
        tables.reduce((a, t) => a + after[t]! - (base[t] ?? 0), 0),
      ]),
      "",
      `housekeeping pass deleted: ${JSON.stringify(pass)}`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    api.close();
  } finally {
    await up.cleanup();
  }
}

await main();
