// Seeds a user pool with many import-style users (RESET_REQUIRED, no password; src/dev/seedUsers.ts), fast:
//   npm run seed -w apps/userpool -- --users 1000000 --db <data directory | postgres://…> [--pool ID]
//     [--from N] [--group NAME --group-every K]
// A data directory holds the SQLite file (userpool.sqlite); a postgres:// URL is a database (and its search_path).
// The pool is created when missing; users are numbered, so --from continues an earlier run.
import { parseArgs } from "node:util";
import { seedUsers } from "../src/dev/seedUsers.js";
import { startUserpool } from "../src/main.js";

const { values } = parseArgs({
  options: {
    users: { type: "string" },
    db: { type: "string" },
    pool: { type: "string", default: "us-east-1_Seeded000" },
    from: { type: "string", default: "0" },
    group: { type: "string" },
    "group-every": { type: "string", default: "2" },
  },
});
const count = Number(values.users);
const from = Number(values.from);
const every = Number(values["group-every"]);
if (!Number.isInteger(count) || count < 1) throw new Error("--users must be a positive integer");
if (!Number.isInteger(from) || from < 0) throw new Error("--from must be a non-negative integer");
if (!Number.isInteger(every) || every < 1) throw new Error("--group-every must be a positive integer");
if (!values.db) throw new Error("--db is required: a data directory (SQLite) or a postgres:// URL");
const pg = /^postgres(ql)?:\/\//u.test(values.db);

const up = await startUserpool({
  config: { UserPools: [{ Id: values.pool, PoolName: "seeded" }] },
  ...(pg ? { databaseUrl: values.db } : { dataDir: values.db }),
  logLevel: "warn",
});
try {
  const t0 = performance.now();
  let last = t0;
  const created = await seedUsers(up.store, {
    poolId: values.pool,
    from,
    count,
    now: Date.now(),
    ...(values.group ? { group: { name: values.group, every } } : {}),
    onProgress: (done) => {
      if (performance.now() - last < 5000) return;
      last = performance.now();
      console.log(`${done} / ${count} users, ${Math.round(done / ((last - t0) / 1000))} users/s`);
    },
  });
  const s = (performance.now() - t0) / 1000;
  console.log(`${created} users created in ${s.toFixed(1)} s (${Math.round(created / s)} users/s) in ${values.pool}`);
} finally {
  await up.close();
}
