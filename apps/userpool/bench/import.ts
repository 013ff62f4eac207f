// User import throughput (not a test: the figures depend on the machine). Generates a CSV of IMPORT_ROWS
// users (default 1 000 000), uploads it to pre-signed URLs in files of at most 500 000 users (Cognito's
// limit per file), runs the jobs one after the other into one pool and prints rows/s per job and overall.
//   npm run bench:import -w apps/userpool      SQLite; PostgreSQL too with USERPOOL_DATABASE_URL
//   IMPORT_ROWS=200000 for a shorter run; IMPORT_ENGINES=sqlite or postgres for one engine.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { once } from "node:events";
import {
  CognitoIdentityProviderClient,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  StartUserImportJobCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startUserpool } from "../src/main.js";
import { MAX_CSV_USERS } from "../src/services/userImport.js";
import { createPgTestSchema } from "../test/support/engines.js";

const ROWS = Number(process.env.IMPORT_ROWS ?? 1_000_000);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error(`IMPORT_ROWS must be a positive integer`);
const POOL_ID = "us-east-1_ImportBch";
const HEADER = "cognito:username,name,email,email_verified,cognito:mfa_enabled";
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

/** Writes files of at most 500 000 users each; returns their paths. */
async function writeCsvFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let first = 0; first < ROWS; first += MAX_CSV_USERS) {
    const path = join(dir, `users-${files.length}.csv`);
    const out = createWriteStream(path);
    out.write(`${HEADER}\n`);
    const last = Math.min(ROWS, first + MAX_CSV_USERS);
    let chunk = "";
    for (let i = first; i < last; i++) {
      chunk += `user${i},User Number ${i},user${i}@example.com,true,false\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, "drain");
        chunk = "";
      }
    }
    out.end(chunk);
    await once(out, "finish");
    files.push(path);
  }
  return files;
}

async function runOn(engine: "sqlite" | "postgres", files: string[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "import-bench-"));
  const pg = engine === "postgres" ? await createPgTestSchema(process.env.USERPOOL_DATABASE_URL!, "bench") : undefined;
  const up = await startUserpool({
    config: { UserPools: [{ Id: POOL_ID, PoolName: "import-bench", AutoVerifiedAttributes: ["email"] }] },
    dataDir,
    ...(pg ? { databaseUrl: pg.url } : {}),
    logLevel: "warn",
  });
  const admin = new CognitoIdentityProviderClient({
    endpoint: up.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    let total = 0;
    let totalMs = 0;
    for (const file of files) {
      const job = (
        await admin.send(
          new CreateUserImportJobCommand({
            JobName: "bench",
            UserPoolId: POOL_ID,
            CloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/CognitoImportRole",
          }),
        )
      ).UserImportJob!;
      const t0 = performance.now();
      const put = await fetch(job.PreSignedUrl!, {
        method: "PUT",
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        headers: { "content-length": String(statSync(file).size) },
        duplex: "half",
      } as RequestInit);
      if (put.status !== 200) throw new Error(`upload refused: ${put.status} ${await put.text()}`);
      const uploadMs = performance.now() - t0;
      const t1 = performance.now();
      await admin.send(new StartUserImportJobCommand({ UserPoolId: POOL_ID, JobId: job.JobId! }));
      let d = job;
      for (;;) {
        d = (await admin.send(new DescribeUserImportJobCommand({ UserPoolId: POOL_ID, JobId: job.JobId! })))
          .UserImportJob!;
        if (!["Pending", "InProgress", "Stopping"].includes(d.Status!)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const ms = performance.now() - t1;
      if (d.Status !== "Succeeded") throw new Error(`job ended ${d.Status}: ${d.CompletionMessage}`);
      total += d.ImportedUsers!;
      totalMs += ms;
      console.log(
        `${engine}: ${d.ImportedUsers} users in ${(ms / 1000).toFixed(1)} s = ${rate(d.ImportedUsers!, ms)} rows/s` +
          ` (upload ${(uploadMs / 1000).toFixed(1)} s, skipped ${d.SkippedUsers}, failed ${d.FailedUsers})`,
      );
    }
    const count = await up.store.users.count(POOL_ID);
    console.log(
      `${engine}: ${total} users imported in ${(totalMs / 1000).toFixed(1)} s = ${rate(total, totalMs)} rows/s; ` +
        `${count} users in the pool`,
    );
  } finally {
    admin.destroy();
    await up.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), "import-bench-csv-"));
try {
  const files = await writeCsvFiles(dir);
  console.log(`${ROWS} users in ${files.length} file(s) of at most ${MAX_CSV_USERS}`);
  const wanted = (process.env.IMPORT_ENGINES ?? "sqlite,postgres").split(",");
  if (wanted.includes("sqlite")) await runOn("sqlite", files);
  if (wanted.includes("postgres")) {
    if (process.env.USERPOOL_DATABASE_URL) await runOn("postgres", files);
    else console.log("postgres: not run (set USERPOOL_DATABASE_URL=postgres://… to measure it)");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
