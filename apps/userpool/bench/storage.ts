// Storage per 1,000 sign-ins: how many bytes (table + indexes) a USER_PASSWORD_AUTH sign-in leaves behind, per
// table, on SQLite (dbstat: pages in use) and on PostgreSQL (pg_total_relation_size) when USERPOOL_DATABASE_URL is
// set. These are the rows retention (USERPOOL_EXPIRED_RETENTION_HOURS, docs/userpool/storage.md) keeps bounded.
// `npx tsx bench/storage.ts` in apps/userpool; BENCH_STORAGE_SIGN_INS sets the count (default 1,000).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { startUserpool } from "../src/main.js";
import { createPgTestSchema } from "../test/support/engines.js";
import { adminClient, anonClient, CLIENT_ID, GOOD_PASSWORD, POOL_ID, testConfig } from "../test/support/userpool.js";

const SIGN_INS = Number(process.env.BENCH_STORAGE_SIGN_INS ?? 1000);
if (!Number.isInteger(SIGN_INS) || SIGN_INS < 1) throw new Error("BENCH_STORAGE_SIGN_INS must be a positive integer");

const pgUrl = process.env.USERPOOL_DATABASE_URL;
const pg = pgUrl ? await createPgTestSchema(pgUrl, "storage") : undefined;
const dir = mkdtempSync(join(tmpdir(), "userpool-storage-"));
const up = await startUserpool({
  config: testConfig(),
  env: { TEST_CLIENT_SECRET: "x".repeat(40) },
  logLevel: "silent",
  ...(pg ? { databaseUrl: pg.url } : { dataDir: dir }),
});
try {
  const admin = adminClient(up.url);
  const anon = anonClient(up.url);
  const email = "storage@example.com";
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL_ID,
      Username: email,
      UserAttributes: [{ Name: "email", Value: email }],
      MessageAction: "SUPPRESS",
    }),
  );
  await admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: email, Password: GOOD_PASSWORD, Permanent: true }),
  );
  const signIn = () =>
    anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
  await signIn();

  const sizes = async (): Promise<Map<string, number>> => {
    const db = up.store.db;
    if (up.store.engine === "sqlite") {
      // Tables and their indexes by table name; dbstat counts the bytes of the pages in use.
      const r = await sql<{ tbl: string; bytes: number }>`
        select m.tbl_name as tbl, sum(d.pgsize) as bytes
        from dbstat d join sqlite_master m on m.name = d.name group by m.tbl_name`.execute(db);
      return new Map(r.rows.map((x) => [x.tbl, Number(x.bytes)]));
    }
    await sql`vacuum analyze`.execute(db);
    const r = await sql<{ tbl: string; bytes: string }>`
      select c.relname as tbl, pg_total_relation_size(c.oid) as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'`.execute(db);
    return new Map(r.rows.map((x) => [x.tbl, Number(x.bytes)]));
  };

  const before = await sizes();
  for (let i = 0; i < SIGN_INS; i++) await signIn();
  const after = await sizes();
  const grown = [...after]
    .map(([t, b]) => [t, b - (before.get(t) ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .sort((a, b) => b[1] - a[1]);
  const per1k = (b: number) => ((b * 1000) / SIGN_INS / 1024).toFixed(1);
  process.stdout.write(`${up.store.engine}: growth per 1,000 USER_PASSWORD_AUTH sign-ins (${SIGN_INS} measured)\n`);
  for (const [t, d] of grown) process.stdout.write(`  ${t.padEnd(24)} ${per1k(d).padStart(8)} KiB\n`);
  const total = grown.reduce((s, [, d]) => s + d, 0);
  process.stdout.write(
    `  ${"total".padEnd(24)} ${per1k(total).padStart(8)} KiB (${(total / SIGN_INS).toFixed(0)} B each)\n`,
  );
} finally {
  await up.close();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
}
