#!/usr/bin/env node
/**
 * Elastic Beanstalk predeploy hook: migrates the app database before the new version goes live,
 * replacing the tutorial's SSH session and `knex.sh migrate:latest`.
 *
 * EB runs this as root in the staging directory (/var/app/staging) after unpacking the bundle and
 * before the Procfile starts. A non-zero exit aborts the deployment and the old version keeps serving.
 *
 * Hooks do not inherit the environment properties, so they are read from the platform's
 * `get-config environment` (a JSON object); the migration then runs through the API's own entry point
 * (`node dist/main.mjs migrate`), so it resolves the database exactly as the API does:
 * DB_SECRET_ARN (the RDS-generated secret, via the instance profile) or the RDS_* variables.
 * EB_GET_CONFIG overrides the get-config path (used by infra's tests).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const getConfig = process.env.EB_GET_CONFIG || "/opt/elasticbeanstalk/bin/get-config";
const stagingDir = process.cwd();

let properties;
try {
  properties = JSON.parse(execFileSync(getConfig, ["environment"], { encoding: "utf8" }) || "{}");
} catch (err) {
  console.error(`predeploy migrate: cannot read the environment properties with ${getConfig}: ${err.message}`);
  process.exit(1);
}

const env = { ...process.env, ...properties };
// NODE_EXTRA_CA_CERTS in the properties points at /var/app/current, which still holds the previous
// version (or nothing on the first deploy); the new bundle's RDS CA file is here in staging.
const caBundle = join(stagingDir, "certs", "rds-global-bundle.pem");
if (existsSync(caBundle)) env.NODE_EXTRA_CA_CERTS = caBundle;
else delete env.NODE_EXTRA_CA_CERTS;

console.log(`predeploy migrate: DB_ENV=${env.DB_ENV ?? "(unset)"}, source=${describeSource(env)}`);
const result = spawnSync(process.execPath, [join(stagingDir, "dist", "main.mjs"), "migrate"], {
  cwd: stagingDir,
  env,
  stdio: "inherit",
});
if (result.error) {
  console.error(`predeploy migrate: could not start node: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

/** Names where the credentials come from, never their values. */
function describeSource(e) {
  if (e.DATABASE_URL) return "DATABASE_URL";
  if (e.RDS_HOSTNAME) return `RDS_* (${e.RDS_HOSTNAME})`;
  if (e.DB_SECRET_ARN) return `DB_SECRET_ARN (${e.DB_SECRET_ARN})`;
  return "none";
}
