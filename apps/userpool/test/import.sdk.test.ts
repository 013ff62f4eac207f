/**
 * User import jobs through the AWS SDK v3: GetCSVHeader, CreateUserImportJob, the CSV upload to the
 * pre-signed URL (a PUT with fetch, as curl -T does), StartUserImportJob, DescribeUserImportJob until the
 * job ends, StopUserImportJob and ListUserImportJobs; the imported users in RESET_REQUIRED completing
 * ForgotPassword / ConfirmForgotPassword; the per-row log in the data directory.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  type AuthFlowType,
  ChangePasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type CognitoIdentityProviderClient,
  type UserImportJobType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { databaseOptions, testEngines } from "./support/engines.js";
import { adminAt, passwordSignIn, rejection } from "./support/lifecycle.js";
import { createClientEphemeral, passwordVerifierResponses, srpAHex } from "./support/srpClient.js";
import {
  adminClient,
  GOOD_PASSWORD,
  latestCode,
  POOL_ID,
  startTestUserpool,
  startTestUserpoolOn,
  type EngineUserpool,
} from "./support/userpool.js";

const ROLE_ARN = "arn:aws:iam::000000000000:role/CognitoImportRole";
const HEADER =
  "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website," +
  "email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at," +
  "custom:tenant,cognito:mfa_enabled";

/** A CSV line under HEADER; `over` replaces columns by name. */
function line(username: string, over: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    "cognito:username": username,
    name: `Name ${username}`,
    email: `${username}@example.com`,
    email_verified: "true",
    "custom:tenant": "acme",
    "cognito:mfa_enabled": "false",
    ...over,
  };
  return HEADER.split(",")
    .map((c) => values[c] ?? "")
    .join(",");
}

describe.each(testEngines())("user import jobs on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  let poolId: string;
  let clientId: string;
  const admin = (): CognitoIdentityProviderClient => adminAt(up.url, clock);

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock });
    const pool = await admin().send(
      new CreateUserPoolCommand({
        PoolName: "import-target",
        AutoVerifiedAttributes: ["email"],
        Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }],
      }),
    );
    poolId = pool.UserPool!.Id!;
    const client = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    clientId = client.UserPoolClient!.ClientId!;
  });
  afterAll(async () => {
    await up?.stop();
  });

  const create = async (name = "import") => {
    clock.advance(1); // jobs list oldest first; a real clock moves between two calls
    return (
      await admin().send(
        new CreateUserImportJobCommand({ JobName: name, UserPoolId: poolId, CloudWatchLogsRoleArn: ROLE_ARN }),
      )
    ).UserImportJob!;
  };
  const upload = (url: string, body: string) =>
    fetch(url, { method: "PUT", body, headers: { "x-amz-server-side-encryption": "aws:kms" } });
  const describeJob = async (jobId: string) =>
    (await admin().send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
  /** Polls DescribeUserImportJob until the job has ended. */
  async function ended(jobId: string): Promise<UserImportJobType> {
    for (let i = 0; i < 600; i++) {
      const j = await describeJob(jobId);
      if (["Succeeded", "Failed", "Stopped", "Expired"].includes(j.Status!)) return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not end`);
  }
  const jobLog = (jobId: string) =>
    readFileSync(join(up.config.dataDir, "imports", `${jobId}.log.jsonl`), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { lineNumber: number; username: string; outcome: string; message: string });

  it("GetCSVHeader lists standard and custom attributes, cognito:mfa_enabled and cognito:username", async () => {
    const r = await admin().send(new GetCSVHeaderCommand({ UserPoolId: POOL_ID }));
    expect(r.UserPoolId).toBe(POOL_ID);
    expect(r.CSVHeader).toEqual([
      "name",
      "given_name",
      "family_name",
      "middle_name",
      "nickname",
      "preferred_username",
      "profile",
      "picture",
      "website",
      "email",
      "email_verified",
      "gender",
      "birthdate",
      "zoneinfo",
      "locale",
      "phone_number",
      "phone_number_verified",
      "address",
      "updated_at",
      "custom:tenant",
      "cognito:mfa_enabled",
      "cognito:username",
    ]);
    const missing = await rejection(admin().send(new GetCSVHeaderCommand({ UserPoolId: "us-east-1_Nope12345" })));
    expect(missing.name).toBe("ResourceNotFoundException");
  });

  it("imports a CSV: users in RESET_REQUIRED who reset their password; bad rows fail, taken names skip", async () => {
    // A user that exists before the import: its row is skipped and the user left as it is.
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "existing",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: "existing-before@example.com" }],
      }),
    );
    const good = Array.from({ length: 250 }, (_, i) => line(`user${i}`));
    const rows = [
      HEADER,
      ...good.slice(0, 100),
      line("bademail", { email: "not-an-email" }), // line 102
      line("unverified", { email_verified: "false" }), // 103
      line("mfa", { "cognito:mfa_enabled": "maybe" }), // 104
      line("user5"), // 105: twice in the file
      line("existing"), // 106: exists in the pool
      `${line("short").split(",").slice(0, 5).join(",")}`, // 107: too few values
      line("comma", { name: "Doe\\, Jane", birthdate: "02/01/1985" }), // 108: an escaped comma
      line("badbirth", { birthdate: "1985-02-01" }), // 109
      ...good.slice(100),
    ];
    const job = await create("first-import");
    expect(job).toMatchObject({
      JobName: "first-import",
      UserPoolId: poolId,
      Status: "Created",
      CloudWatchLogsRoleArn: ROLE_ARN,
      ImportedUsers: 0,
      SkippedUsers: 0,
      FailedUsers: 0,
    });
    expect(job.JobId).toMatch(/^import-[0-9A-Za-z]{10}$/u);
    expect(job.CreationDate).toBeInstanceOf(Date);
    expect(job.PreSignedUrl).toMatch(new RegExp(`^${up.url.replace("127.0.0.1", "localhost")}/user-import/`, "u"));

    const put = await upload(job.PreSignedUrl!, `${rows.join("\n")}\n`);
    expect(put.status).toBe(200);
    const started = (await admin().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))
      .UserImportJob!;
    expect(["Pending", "InProgress", "Succeeded"]).toContain(started.Status);
    expect(started.StartDate).toBeInstanceOf(Date);

    const done = await ended(job.JobId!);
    expect(done).toMatchObject({
      Status: "Succeeded",
      ImportedUsers: 251,
      SkippedUsers: 2,
      FailedUsers: 5,
      CompletionMessage: "Import Job Completed Successfully.",
    });
    expect(done.CompletionDate).toBeInstanceOf(Date);

    const log = jobLog(job.JobId!);
    const byLine = new Map(log.map((e) => [e.lineNumber, e]));
    expect(byLine.get(102)).toMatchObject({
      outcome: "FAILED",
      username: "bademail",
      message: "Invalid email address format.",
    });
    expect(byLine.get(103)?.message).toBe(
      "The User Record does not set any of the auto verified attributes to verified. " +
        "(Example: email_verified to true).",
    );
    expect(byLine.get(104)?.message).toBe('cognito:mfa_enabled must be "true" or "false".');
    expect(byLine.get(105)).toMatchObject({ outcome: "SKIPPED", message: "User already exists." });
    expect(byLine.get(106)).toMatchObject({ outcome: "SKIPPED", username: "existing" });
    expect(byLine.get(107)?.message).toBe("The line has 5 values for the header's 22 columns.");
    expect(byLine.get(109)?.message).toBe("birthdate must be in the format mm/dd/yyyy.");
    expect(log).toHaveLength(7);

    const comma = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "comma" }));
    expect(comma.UserAttributes).toContainEqual({ Name: "name", Value: "Doe, Jane" });
    const existing = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "existing" }));
    expect(existing.UserAttributes).toContainEqual({ Name: "email", Value: "existing-before@example.com" });

    const u = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "user42" }));
    expect(u.UserStatus).toBe("RESET_REQUIRED");
    expect(u.Enabled).toBe(true);
    expect(u.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: "email", Value: "user42@example.com" },
        { Name: "email_verified", Value: "true" },
        { Name: "custom:tenant", Value: "acme" },
        { Name: "name", Value: "Name user42" },
      ]),
    );
    expect(u.UserAttributes!.find((a) => a.Name === "sub")?.Value).toMatch(/^[0-9a-f-]{36}$/u);

    // RESET_REQUIRED without a password: any password earns PasswordResetRequiredException on this LEGACY client
    // (developer guide, "Requiring imported users to reset their passwords"), then ForgotPassword /
    // ConfirmForgotPassword, then sign-in. The other flows and ENABLED clients: "sign-in of imported users".
    const refused = await rejection(passwordSignIn(up, "user42", GOOD_PASSWORD, clientId));
    expect(refused).toMatchObject({
      name: "PasswordResetRequiredException",
      message: "Password reset required for the user",
    });
    await up.anon.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "user42" }));
    await up.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "user42",
        ConfirmationCode: await latestCode(up.url, "user42@example.com"),
        Password: GOOD_PASSWORD,
      }),
    );
    const tokens = await passwordSignIn(up, "user42", GOOD_PASSWORD, clientId);
    expect(tokens.AccessToken).toBeTruthy();
    const after = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "user42" }));
    expect(after.UserStatus).toBe("CONFIRMED");

    // Ended jobs take no upload and do not start again.
    expect((await upload(job.PreSignedUrl!, `${HEADER}\n`)).status).toBe(403);
    const again = await rejection(
      admin().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })),
    );
    expect(again.name).toBe("PreconditionNotMetException");
  });

  it("refuses a tampered or expired upload URL, and a start without an upload", async () => {
    const job = await create("url-checks");
    const tampered = new URL(job.PreSignedUrl!);
    const sig = tampered.searchParams.get("X-Amz-Signature")!;
    tampered.searchParams.set("X-Amz-Signature", `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`);
    const bad = await upload(tampered.toString(), `${HEADER}\n`);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    // The URL of one job does not open another's.
    const other = await create("other");
    const moved = new URL(job.PreSignedUrl!);
    moved.pathname = `/user-import/${other.JobId}`;
    expect((await upload(moved.toString(), `${HEADER}\n`)).status).toBe(403);
    // An extended expiry breaks the signature.
    const extended = new URL(job.PreSignedUrl!);
    extended.searchParams.set("X-Amz-Expires", "86400");
    expect((await upload(extended.toString(), `${HEADER}\n`)).status).toBe(403);

    const noFile = await rejection(
      admin().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })),
    );
    expect(noFile).toMatchObject({
      name: "PreconditionNotMetException",
      message: `No csv file was uploaded for ${job.JobId}`,
    });

    clock.advance(15 * 60 * 1000 + 1000);
    const expired = await upload(job.PreSignedUrl!, `${HEADER}\n`);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("<Message>Request has expired</Message>");

    // Not started within 24 hours: Expired.
    clock.advance(24 * 3600 * 1000);
    expect((await describeJob(job.JobId!)).Status).toBe("Expired");
  });

  it("refuses bad input with Cognito's errors", async () => {
    const badArn = await rejection(
      admin().send(new CreateUserImportJobCommand({ JobName: "x", UserPoolId: poolId, CloudWatchLogsRoleArn: "role" })),
    );
    expect(badArn.name).toBe("InvalidParameterException");
    const badName = await rejection(
      admin().send(
        new CreateUserImportJobCommand({ JobName: "a/b", UserPoolId: poolId, CloudWatchLogsRoleArn: ROLE_ARN }),
      ),
    );
    expect(badName.name).toBe("InvalidParameterException");
    const noJob = await rejection(
      admin().send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: "import-AAAAAAAAAA" })),
    );
    expect(noJob.name).toBe("ResourceNotFoundException");
    const noMax = await rejection(admin().send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 0 })));
    expect(noMax.name).toBe("InvalidParameterException");
    const stopCreated = await create("never-started");
    const stop = await rejection(
      admin().send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: stopCreated.JobId! })),
    );
    expect(stop.name).toBe("PreconditionNotMetException");
  });

  it("fails a job whose header has a column the pool does not have", async () => {
    const job = await create("bad-header");
    await upload(job.PreSignedUrl!, `${HEADER},shoe_size\n${line("x1")},42\n`);
    await admin().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    const done = await ended(job.JobId!);
    expect(done).toMatchObject({
      Status: "Failed",
      ImportedUsers: 0,
      CompletionMessage: "The header has a column the user pool does not have: shoe_size.",
    });
  });

  it("stops a running job between batches; the users of the written batches stay", async () => {
    const before = await up.store.users.count(poolId);
    const rows = Array.from({ length: 20_000 }, (_, i) => line(`bulk${i}`));
    const job = await create("to-stop");
    expect((await upload(job.PreSignedUrl!, `${HEADER}\n${rows.join("\n")}\n`)).status).toBe(200);
    await admin().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    const stopping = (await admin().send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))
      .UserImportJob!;
    expect(["Stopping", "Stopped"]).toContain(stopping.Status);
    const done = await ended(job.JobId!);
    expect(done.Status).toBe("Stopped");
    expect(done.ImportedUsers!).toBeLessThan(20_000);
    expect((await up.store.users.count(poolId)) - before).toBe(done.ImportedUsers);
  });

  it("lists the pool's jobs a page at a time, oldest first", async () => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await admin().send(
        new ListUserImportJobsCommand({
          UserPoolId: poolId,
          MaxResults: 2,
          ...(token ? { PaginationToken: token } : {}),
        }),
      );
      expect(page.UserImportJobs!.length).toBeLessThanOrEqual(2);
      all.push(...page.UserImportJobs!.map((j) => j.JobName!));
      token = page.PaginationToken;
    } while (token);
    expect(all).toEqual(["first-import", "url-checks", "other", "never-started", "bad-header", "to-stop"]);
  });

  it("sign-in of imported users: Cognito's answer per flow and client, and code sign-in without a reset", async () => {
    // A pool with passwordless sign-in (EMAIL_OTP), a LEGACY and an ENABLED client (PreventUserExistenceErrors).
    const created = await admin().send(
      new CreateUserPoolCommand({
        PoolName: "import-sign-in",
        AutoVerifiedAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
        },
      }),
    );
    const target = created.UserPool!.Id!;
    const appClient = async (existence: "LEGACY" | "ENABLED") =>
      (
        await admin().send(
          new CreateUserPoolClientCommand({
            UserPoolId: target,
            ClientName: existence,
            PreventUserExistenceErrors: existence,
            ExplicitAuthFlows: [
              "ALLOW_USER_AUTH",
              "ALLOW_USER_SRP_AUTH",
              "ALLOW_USER_PASSWORD_AUTH",
              "ALLOW_ADMIN_USER_PASSWORD_AUTH",
              "ALLOW_REFRESH_TOKEN_AUTH",
            ],
          }),
        )
      ).UserPoolClient!.ClientId!;
    const legacy = await appClient("LEGACY");
    const enabled = await appClient("ENABLED");
    const header = (await admin().send(new GetCSVHeaderCommand({ UserPoolId: target }))).CSVHeader!;
    const row = (name: string) =>
      header
        .map((c) =>
          c === "cognito:username"
            ? name
            : c === "email"
              ? `${name}@example.com`
              : c === "email_verified"
                ? "true"
                : c === "cognito:mfa_enabled"
                  ? "false"
                  : "",
        )
        .join(",");
    const job = (
      await admin().send(
        new CreateUserImportJobCommand({ JobName: "sign-in", UserPoolId: target, CloudWatchLogsRoleArn: ROLE_ARN }),
      )
    ).UserImportJob!;
    const csv = `${header.join(",")}\n${["implegacy", "impenabled", "impcode"].map(row).join("\n")}\n`;
    expect((await upload(job.PreSignedUrl!, csv)).status).toBe(200);
    await admin().send(new StartUserImportJobCommand({ UserPoolId: target, JobId: job.JobId! }));
    const done = await (async () => {
      for (let i = 0; i < 600; i++) {
        const j = (await admin().send(new DescribeUserImportJobCommand({ UserPoolId: target, JobId: job.JobId! })))
          .UserImportJob!;
        if (j.Status === "Succeeded" || j.Status === "Failed") return j;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("the job did not end");
    })();
    expect(done).toMatchObject({ Status: "Succeeded", ImportedUsers: 3 });

    const initiate = (clientId: string, flow: AuthFlowType, params: Record<string, string>) =>
      up.anon.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: flow, AuthParameters: params }));
    const adminPassword = (clientId: string, username: string) =>
      admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: target,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD: GOOD_PASSWORD },
        }),
      );
    const srpA = () => srpAHex(createClientEphemeral());
    const reset = { name: "PasswordResetRequiredException", message: "Password reset required for the user" };
    const wrong = { name: "NotAuthorizedException", message: "Incorrect username or password." };

    // LEGACY: any password, in every password flow, earns PasswordResetRequiredException; SRP at InitiateAuth,
    // since there is no verifier to run it against (ADR 0029).
    const u = "implegacy";
    const pw = { USERNAME: u, PASSWORD: GOOD_PASSWORD };
    expect(await rejection(initiate(legacy, "USER_PASSWORD_AUTH", pw))).toMatchObject(reset);
    expect(await rejection(adminPassword(legacy, u))).toMatchObject(reset);
    expect(await rejection(initiate(legacy, "USER_SRP_AUTH", { USERNAME: u, SRP_A: srpA() }))).toMatchObject(reset);
    expect(await rejection(initiate(legacy, "USER_AUTH", { ...pw, PREFERRED_CHALLENGE: "PASSWORD" }))).toMatchObject(
      reset,
    );
    expect(
      await rejection(
        initiate(legacy, "USER_AUTH", { USERNAME: u, PREFERRED_CHALLENGE: "PASSWORD_SRP", SRP_A: srpA() }),
      ),
    ).toMatchObject(reset);
    const select = await initiate(legacy, "USER_AUTH", { USERNAME: u });
    expect(select.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(select.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
    for (const answer of [
      { ANSWER: "PASSWORD", PASSWORD: GOOD_PASSWORD },
      { ANSWER: "PASSWORD_SRP", SRP_A: srpA() },
    ]) {
      const choice = await initiate(legacy, "USER_AUTH", { USERNAME: u });
      const chosen = up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: legacy,
          ChallengeName: "SELECT_CHALLENGE",
          Session: choice.Session!,
          ChallengeResponses: { USERNAME: u, ...answer },
        }),
      );
      expect(await rejection(chosen)).toMatchObject(reset);
    }
    expect(select.AvailableChallenges).toEqual(
      (await initiate(legacy, "USER_AUTH", { USERNAME: "implegacy" })).AvailableChallenges,
    );

    // ENABLED: an imported user answers as an unknown name does, a wrong password's answer in every flow.
    for (const name of ["impenabled", "nobody-here"]) {
      const p = { USERNAME: name, PASSWORD: GOOD_PASSWORD };
      expect(await rejection(initiate(enabled, "USER_PASSWORD_AUTH", p))).toMatchObject(wrong);
      expect(await rejection(adminPassword(enabled, name))).toMatchObject(wrong);
      expect(await rejection(initiate(enabled, "USER_AUTH", { ...p, PREFERRED_CHALLENGE: "PASSWORD" }))).toMatchObject(
        wrong,
      );
      const ephemeral = createClientEphemeral();
      const challenge = await initiate(enabled, "USER_SRP_AUTH", { USERNAME: name, SRP_A: srpAHex(ephemeral) });
      expect(challenge.ChallengeName).toBe("PASSWORD_VERIFIER");
      const answered = up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: enabled,
          ChallengeName: "PASSWORD_VERIFIER",
          Session: challenge.Session!,
          ChallengeResponses: passwordVerifierResponses({
            poolName: target.split("_")[1]!,
            password: GOOD_PASSWORD,
            ephemeral,
            challengeParameters: challenge.ChallengeParameters!,
          }),
        }),
      );
      expect(await rejection(answered)).toMatchObject(wrong);
      const offered = await initiate(enabled, "USER_AUTH", { USERNAME: name });
      expect(offered.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
    }

    // Passwordless sign-in is active: an imported user with a verified e-mail signs in with a code, no reset
    // (developer guide, "Things to know about authentication with user pools"), and stays RESET_REQUIRED.
    for (const clientId of [legacy, enabled]) {
      const started = await initiate(clientId, "USER_AUTH", { USERNAME: "impcode", PREFERRED_CHALLENGE: "EMAIL_OTP" });
      expect(started.ChallengeName).toBe("EMAIL_OTP");
      const signedIn = await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "EMAIL_OTP",
          Session: started.Session!,
          ChallengeResponses: { USERNAME: "impcode", EMAIL_OTP_CODE: await latestCode(up.url, "impcode@example.com") },
        }),
      );
      expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    }
    const after = await admin().send(new AdminGetUserCommand({ UserPoolId: target, Username: "impcode" }));
    expect(after.UserStatus).toBe("RESET_REQUIRED");
    expect(
      await rejection(initiate(legacy, "USER_PASSWORD_AUTH", { USERNAME: "impcode", PASSWORD: GOOD_PASSWORD })),
    ).toMatchObject(reset);

    // Signed in, it sets a password with ChangePassword (none to give as PreviousPassword): that is its reset.
    const again = await initiate(legacy, "USER_AUTH", { USERNAME: "impcode", PREFERRED_CHALLENGE: "EMAIL_OTP" });
    const session = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: legacy,
        ChallengeName: "EMAIL_OTP",
        Session: again.Session!,
        ChallengeResponses: { USERNAME: "impcode", EMAIL_OTP_CODE: await latestCode(up.url, "impcode@example.com") },
      }),
    );
    await up.anon.send(
      new ChangePasswordCommand({
        AccessToken: session.AuthenticationResult!.AccessToken!,
        ProposedPassword: GOOD_PASSWORD,
      }),
    );
    const changed = await admin().send(new AdminGetUserCommand({ UserPoolId: target, Username: "impcode" }));
    expect(changed.UserStatus).toBe("CONFIRMED");
    expect((await passwordSignIn(up, "impcode", GOOD_PASSWORD, legacy)).AccessToken).toBeTruthy();
  });
});

describe.each(testEngines())("user import jobs across a restart on $name", (engine) => {
  it("a job running when its server stops ends Failed, and so does one whose runner vanished", async () => {
    const db = await engine.create();
    // The second server opens the same database with the same data key, as a restart does.
    const common = { ...databaseOptions(db), dataKey: Buffer.alloc(32, 7) };
    try {
      const first = await startTestUserpool(common);
      const admin = adminClient(first.url);
      const header = (await admin.send(new GetCSVHeaderCommand({ UserPoolId: POOL_ID }))).CSVHeader!;
      // The test pool's username is the e-mail address.
      const row = (i: number) =>
        header
          .map((c) =>
            c === "cognito:username" || c === "email"
              ? `restart${i}@example.com`
              : c === "email_verified"
                ? "true"
                : c === "cognito:mfa_enabled"
                  ? "false"
                  : "",
          )
          .join(",");
      const job = (
        await admin.send(
          new CreateUserImportJobCommand({ JobName: "restart", UserPoolId: POOL_ID, CloudWatchLogsRoleArn: ROLE_ARN }),
        )
      ).UserImportJob!;
      const body = `${header.join(",")}\n${Array.from({ length: 20_000 }, (_, i) => row(i)).join("\n")}\n`;
      expect((await fetch(job.PreSignedUrl!, { method: "PUT", body })).status).toBe(200);
      await admin.send(new StartUserImportJobCommand({ UserPoolId: POOL_ID, JobId: job.JobId! }));
      await first.close();

      const second = await startTestUserpool(common);
      try {
        const again = adminClient(second.url);
        const ended = (await again.send(new DescribeUserImportJobCommand({ UserPoolId: POOL_ID, JobId: job.JobId! })))
          .UserImportJob!;
        expect(ended).toMatchObject({
          Status: "Failed",
          CompletionMessage: "The server shut down while the job ran; users imported until then remain.",
        });
        expect(ended.ImportedUsers!).toBeLessThan(20_000);
        expect(await second.store.users.count(POOL_ID)).toBe(ended.ImportedUsers);

        // A runner that died without a word (a crash): its heartbeat stops, and the job is Failed when read.
        const now = Date.now();
        await second.store.importJobs.create({
          jobId: "import-Crashed001",
          poolId: POOL_ID,
          jobName: "crashed",
          status: "InProgress",
          cloudWatchLogsRoleArn: ROLE_ARN,
          createdAt: now - 300_000,
          startedAt: now - 240_000,
          completedAt: null,
          uploadedAt: now - 250_000,
          heartbeatAt: now - 120_000,
          importedUsers: 3000,
          skippedUsers: 0,
          failedUsers: 0,
          completionMessage: null,
        });
        const crashed = (
          await again.send(new DescribeUserImportJobCommand({ UserPoolId: POOL_ID, JobId: "import-Crashed001" }))
        ).UserImportJob!;
        expect(crashed).toMatchObject({
          Status: "Failed",
          ImportedUsers: 3000,
          CompletionMessage:
            "The server running this job stopped before the job ended; users imported until then remain.",
        });
      } finally {
        await second.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
