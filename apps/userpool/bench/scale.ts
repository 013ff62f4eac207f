// ListUsers at scale (not a test: the figures depend on the machine). Seeds one pool step by step to each size
// of SCALE_SIZES (default 1000,100000; 1000,100000,1000000 for the 1M column; src/dev/seedUsers.ts, every 2nd
// user in group "seeded") and at each size times, over the AWS SDK against the running server, the median and
// worst of SCALE_RUNS (default 15):
// ListUsers with an exact e-mail filter, with a prefix filter (a page of 60), a deep unfiltered page, and a deep
// ListUsersInGroup page (tokens naming a user 90% of the way down, as the server writes them).
//   npm run bench:scale -w apps/userpool        SQLite; PostgreSQL too with USERPOOL_DATABASE_URL
//   SCALE_ENGINES=sqlite or postgres for one engine. `npm run bench` runs it after bench/run.ts with the default
//   sizes (a few minutes); seeding 1 000 000 users took 20 minutes per engine on the loaded 2-core machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { seedUsers } from "../src/dev/seedUsers.js";
import { startUserpool } from "../src/main.js";
import { createPgTestSchema } from "../test/support/engines.js";

const SIZES = (process.env.SCALE_SIZES ?? "1000,100000").split(",").map(Number);
const RUNS = Number(process.env.SCALE_RUNS ?? 15);
if (SIZES.some((n) => !Number.isInteger(n) || n < 10)) throw new Error("SCALE_SIZES: integers of at least 10");
const POOL_ID = "us-east-1_ScaleBch0";
const token = (key: string) => Buffer.from(key, "utf8").toString("base64url");
const name = (i: number) => `user${String(i).padStart(7, "0")}`;

async function time(fn: () => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms (max ${ms.at(-1)!.toFixed(1)})`;
}

async function runOn(engine: "sqlite" | "postgres"): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "scale-bench-"));
  const pg = engine === "postgres" ? await createPgTestSchema(process.env.USERPOOL_DATABASE_URL!, "scale") : undefined;
  const up = await startUserpool({
    config: { UserPools: [{ Id: POOL_ID, PoolName: "scale-bench" }] },
    dataDir,
    ...(pg ? { databaseUrl: pg.url } : {}),
    logLevel: "error",
  });
  const admin = new CognitoIdentityProviderClient({
    endpoint: up.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    let have = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      await seedUsers(up.store, {
        poolId: POOL_ID,
        from: have,
        count: size - have,
        now: Date.now(),
        group: { name: "seeded", every: 2 },
      });
      const seedS = (performance.now() - t0) / 1000;
      console.log(`${engine} ${size}: seeded ${size - have} in ${seedS.toFixed(0)} s`);
      have = size;
      if (engine === "postgres") await sql`analyze`.execute(up.store.db);
      const deep = name(Math.floor(size * 0.9) & ~1);
      const target = name(size - 3);
      const list = async (Filter: string, expect: number) => {
        const r = await admin.send(new ListUsersCommand({ UserPoolId: POOL_ID, Filter, Limit: 60 }));
        if ((r.Users ?? []).length !== expect) throw new Error(`${Filter}: ${r.Users?.length} users, not ${expect}`);
      };
      const results = {
        "exact email": await time(() => list(`email = "${target}@example.com"`, 1)),
        "prefix email (page of 60)": await time(() => list(`email ^= "user000"`, 60)),
        "prefix given_name (page of 60)": await time(() => list(`given_name ^= "Given9"`, 60)),
        "deep page, no filter": await time(async () => {
          const r = await admin.send(
            new ListUsersCommand({ UserPoolId: POOL_ID, Limit: 60, PaginationToken: token(deep) }),
          );
          if (r.Users?.[0]?.Username !== name(Math.floor(size * 0.9) + 1)) throw new Error("deep page misplaced");
        }),
        "ListUsersInGroup deep page": await time(async () => {
          const r = await admin.send(
            new ListUsersInGroupCommand({
              UserPoolId: POOL_ID,
              GroupName: "seeded",
              Limit: 60,
              NextToken: token(deep),
            }),
          );
          if (r.Users?.[0]?.Username !== name((Math.floor(size * 0.9) & ~1) + 2))
            throw new Error("group page misplaced");
        }),
      };
      for (const [what, figure] of Object.entries(results)) console.log(`${engine} ${size}: ${what}: ${figure}`);
    }
  } finally {
    admin.destroy();
    await up.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const wanted = (process.env.SCALE_ENGINES ?? "sqlite,postgres").split(",");
if (wanted.includes("sqlite")) await runOn("sqlite");
if (wanted.includes("postgres")) {
  if (process.env.USERPOOL_DATABASE_URL) await runOn("postgres");
  else console.log("postgres: not run (set USERPOOL_DATABASE_URL=postgres://… to measure it)");
}
