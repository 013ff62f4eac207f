/**
 * The AWS CLI (Debian's `awscli`) against the server, end to end, as the developer guide's import steps
 * run it: get-csv-header, create-user-import-job, the upload with `curl -T file.csv -H
 * "x-amz-server-side-encryption:aws:kms" "<PreSignedUrl>"`, start-user-import-job, describe-user-import-job
 * until the job ends, list-user-import-jobs; and the tags of the pool: tag-resource, list-tags-for-resource,
 * untag-resource. Access key `local`, secret `local`, `--endpoint-url` the server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { POOL_ID, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

const run = promisify(execFile);

/** The binary, found on PATH; a missing one fails with the command that installs it. */
async function which(name: string, install: string): Promise<string> {
  try {
    return (await run("sh", ["-c", `command -v ${name}`])).stdout.trim();
  } catch {
    throw new Error(`${name} is not installed: the AWS CLI end-to-end test needs it. Install it with: ${install}`);
  }
}

describe.each(testEngines())("the AWS CLI on $name: user import and tags", (engine) => {
  let up: EngineUserpool;
  let aws: string;
  let curl: string;
  let dir: string;

  beforeAll(async () => {
    aws = await which("aws", "sudo apt-get install -y awscli");
    curl = await which("curl", "sudo apt-get install -y curl");
    up = await startTestUserpoolOn(engine);
    dir = mkdtempSync(join(tmpdir(), "awscli-import-"));
  });
  afterAll(async () => {
    await up?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One `aws cognito-idp …` command; its JSON output parsed. Nothing is read from the user's ~/.aws. */
  async function cli(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(
      aws,
      ["cognito-idp", ...args, "--endpoint-url", up.url, "--region", "us-east-1", "--output", "json"],
      {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: dir,
          AWS_ACCESS_KEY_ID: "local",
          AWS_SECRET_ACCESS_KEY: "local",
          AWS_CONFIG_FILE: join(dir, "none"),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_PAGER: "",
        },
      },
    );
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  }

  it("imports users: header, job, curl upload, start, describe until Succeeded", { timeout: 180_000 }, async () => {
    const header = (await cli("get-csv-header", "--user-pool-id", POOL_ID)) as { CSVHeader: string[] };
    expect(header.CSVHeader).toContain("cognito:username");
    expect(header.CSVHeader).toContain("custom:tenant");

    // The test pool signs in with e-mail addresses: cognito:username is the address.
    const values = (email: string) =>
      header.CSVHeader.map((c) =>
        c === "cognito:username" || c === "email"
          ? email
          : c === "email_verified"
            ? "true"
            : c === "cognito:mfa_enabled"
              ? "false"
              : "",
      ).join(",");
    const csv = join(dir, "users.csv");
    const emails = Array.from({ length: 120 }, (_, i) => `cli-${engine.name}-${i}@example.com`);
    writeFileSync(csv, `${header.CSVHeader.join(",")}\n${emails.map(values).join("\n")}\n`);

    const created = (await cli(
      "create-user-import-job",
      "--job-name",
      "cli-import",
      "--user-pool-id",
      POOL_ID,
      "--cloud-watch-logs-role-arn",
      "arn:aws:iam::000000000000:role/CognitoImportRole",
    )) as { UserImportJob: { JobId: string; PreSignedUrl: string; Status: string; CloudWatchLogsRoleArn: string } };
    expect(created.UserImportJob).toMatchObject({
      Status: "Created",
      CloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/CognitoImportRole",
    });
    const jobId = created.UserImportJob.JobId;

    // As the developer guide uploads it; -f makes a refused upload fail the command.
    await run(curl, [
      "-sS",
      "-f",
      "-T",
      csv,
      "-H",
      "x-amz-server-side-encryption:aws:kms",
      created.UserImportJob.PreSignedUrl,
    ]);

    const started = (await cli("start-user-import-job", "--user-pool-id", POOL_ID, "--job-id", jobId)) as {
      UserImportJob: { Status: string };
    };
    expect(["Pending", "InProgress", "Succeeded"]).toContain(started.UserImportJob.Status);

    let job: { Status: string; ImportedUsers: number; SkippedUsers: number; FailedUsers: number } | undefined;
    for (let i = 0; i < 60; i++) {
      job = (
        (await cli("describe-user-import-job", "--user-pool-id", POOL_ID, "--job-id", jobId)) as {
          UserImportJob: typeof job;
        }
      ).UserImportJob;
      if (job && !["Pending", "InProgress"].includes(job.Status)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job).toMatchObject({ Status: "Succeeded", ImportedUsers: 120, SkippedUsers: 0, FailedUsers: 0 });

    const listed = (await cli("list-user-import-jobs", "--user-pool-id", POOL_ID, "--max-results", "10")) as {
      UserImportJobs: { JobId: string }[];
    };
    expect(listed.UserImportJobs.map((j) => j.JobId)).toContain(jobId);

    const user = (await cli("admin-get-user", "--user-pool-id", POOL_ID, "--username", emails[7]!)) as {
      UserStatus: string;
    };
    expect(user.UserStatus).toBe("RESET_REQUIRED");
  });

  it("tags the pool: tag-resource, list-tags-for-resource, untag-resource", { timeout: 120_000 }, async () => {
    const arn = `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${POOL_ID}`;
    await cli("tag-resource", "--resource-arn", arn, "--tags", "team=identity,stage=test");
    expect(await cli("list-tags-for-resource", "--resource-arn", arn)).toEqual({
      Tags: { team: "identity", stage: "test" },
    });
    await cli("untag-resource", "--resource-arn", arn, "--tag-keys", "stage");
    expect(await cli("list-tags-for-resource", "--resource-arn", arn)).toEqual({ Tags: { team: "identity" } });
    // An ARN of no pool: the CLI exits non-zero with Cognito's error.
    const refused = await cli("list-tags-for-resource", "--resource-arn", `${arn}x`).then(
      () => undefined,
      (e: { stderr?: string }) => e.stderr ?? "",
    );
    expect(refused).toContain("ResourceNotFoundException");
  });
});
