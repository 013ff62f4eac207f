/**
 * USERPOOL_WORKERS=2 (src/cluster.ts): `npm start`'s entry point started as a child process with two
 * worker processes behind one port, on SQLite (WAL, one file) always and on PostgreSQL whenever
 * USERPOOL_DATABASE_URL is set. Every request below goes over a new connection, so the cluster's
 * round-robin hands consecutive requests to alternating workers; the request log (each line names its
 * worker, matched by x-amzn-RequestId) proves that the requests of each scenario reached both. What one
 * worker counts or consumes, the other sees: lockout, single-use codes, revoked refresh tokens, rate limits.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR } from "../src/config/runtime.js";
import { testEngines, type TestDatabase } from "./support/engines.js";
import {
  adminClient,
  CLIENT_ID,
  CLIENT_SECRET,
  GOOD_PASSWORD,
  latestCode,
  POOL_ID,
  testConfig,
  uniqueEmail,
} from "./support/userpool.js";

const ADDRESS_LIMIT = 4;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  requestId: string;
}

describe.each(testEngines())("USERPOOL_WORKERS=2 on $name", (engine) => {
  let db: TestDatabase;
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let admin: CognitoIdentityProviderClient;
  const temps: string[] = [];
  beforeAll(async () => {
    db = await engine.create();
    const dir = mkdtempSync(join(tmpdir(), "userpool-cluster-"));
    temps.push(dir);
    const configPath = join(dir, "userpool.config.json");
    writeFileSync(configPath, JSON.stringify(testConfig()));
    cluster = startCluster({
      PATH: process.env.PATH ?? "",
      USERPOOL_WORKERS: "2",
      USERPOOL_PORT: "0",
      USERPOOL_HTTPS_PORT: "off",
      USERPOOL_LOG_LEVEL: "info",
      USERPOOL_CONFIG: configPath,
      USERPOOL_RATE_LIMIT_ADDRESSES: `ConfirmSignUp=${ADDRESS_LIMIT}`,
      TEST_CLIENT_SECRET: CLIENT_SECRET,
      ...(db.target.engine === "postgres"
        ? { USERPOOL_DATABASE_URL: db.target.url, USERPOOL_DATA_DIR: dir }
        : { USERPOOL_DATA_DIR: dirname(db.target.file) }),
    });
    const url = await cluster.listening;
    admin = adminClient(url);
    // A process's first sign-up is slow (lazily built tables such as the compromised-password list, code run for
    // the first time): 12 s measured on this loaded machine. Each worker pays it here, not in a test's timeout.
    const warm = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call("SignUp", { ClientId: CLIENT_ID, Username: uniqueEmail("clusterwarm"), Password: GOOD_PASSWORD }),
      ),
    );
    expect(await workersOf(warm)).toEqual(new Set([1, 2]));
  }, 300_000);
  afterAll(async () => {
    if (cluster) {
      cluster.child.kill("SIGTERM");
      expect(await cluster.exited).toBe(0);
    }
    await db?.cleanup();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  const call = (target: string, body: Record<string, unknown>) => post(cluster.url(), target, body);
  /** Which workers served these requests, from their request-log lines. */
  const workersOf = async (replies: Reply[]) => {
    const ids = replies.map((r) => r.requestId);
    const deadline = Date.now() + 5_000;
    // A worker logs a request when its response is finished, which can be just after the client has it.
    while (ids.some((id) => !cluster.workerOf(id)) && Date.now() < deadline) await sleep(50);
    return new Set(ids.map((id) => cluster.workerOf(id)));
  };
  const confirmedUser = async (prefix: string) => {
    const email = uniqueEmail(prefix);
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL_ID,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    return email;
  };
  const passwordAuth = (email: string, password: string) =>
    call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    });

  it("starts two worker processes behind one port", () => {
    expect(cluster.stdout()).toMatch(/2 worker processes \(USERPOOL_WORKERS\), pids \d+, \d+/);
  });

  it("locks a user out after five wrong passwords spread over both workers", async () => {
    const email = await confirmedUser("clusterlock");
    const failures: Reply[] = [];
    for (let i = 0; i < 5; i++) failures.push(await passwordAuth(email, "Wr0ng-Password!"));
    for (const f of failures) expect(f.body).toMatchObject({ __type: "NotAuthorizedException" });
    expect(await workersOf(failures)).toEqual(new Set([1, 2]));
    // The fifth failure locks for a second (lifecycle.lockout.test.ts); both workers refuse the right password.
    const refused = [await passwordAuth(email, GOOD_PASSWORD), await passwordAuth(email, GOOD_PASSWORD)];
    for (const r of refused)
      expect(r.body).toMatchObject({ __type: "NotAuthorizedException", message: "Password attempts exceeded" });
    expect(await workersOf(refused)).toEqual(new Set([1, 2]));
  });

  it("accepts a confirmation code once, however many workers it is sent to at the same time", async () => {
    const email = await confirmedUser("clustercode");
    expect((await call("ForgotPassword", { ClientId: CLIENT_ID, Username: email })).status).toBe(200);
    const code = await latestCode(cluster.url(), email);
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call("ConfirmForgotPassword", {
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: code,
          Password: `${GOOD_PASSWORD}${i}`,
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of attempts.filter((x) => x.status !== 200))
      expect(["ExpiredCodeException", "CodeMismatchException"]).toContain(a.body.__type);
    expect(await workersOf(attempts)).toEqual(new Set([1, 2]));
  });

  it("refuses a revoked refresh token on every worker", async () => {
    const email = await confirmedUser("clusterrevoke");
    const signedIn = await passwordAuth(email, GOOD_PASSWORD);
    const refreshToken = (signedIn.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    const refresh = () =>
      call("InitiateAuth", {
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
    const before = [await refresh(), await refresh()];
    for (const r of before) expect(r.status).toBe(200);
    expect((await call("RevokeToken", { ClientId: CLIENT_ID, Token: refreshToken })).status).toBe(200);
    const after = [await refresh(), await refresh(), await refresh()];
    for (const r of after) expect(r.body).toMatchObject({ __type: "NotAuthorizedException" });
    expect(await workersOf(after)).toEqual(new Set([1, 2]));
  });

  it("counts an address's rate limit once across both workers", async () => {
    // The limit counts per minute: start where the whole burst fits in one.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await sleep(left + 100);
    const tries: Reply[] = [];
    for (let i = 0; i < ADDRESS_LIMIT + 2; i++)
      tries.push(
        await call("ConfirmSignUp", {
          ClientId: CLIENT_ID,
          Username: uniqueEmail("clusterrate"),
          ConfirmationCode: "123456",
        }),
      );
    const types = tries.map((t) => t.body.__type);
    for (const t of types.slice(0, ADDRESS_LIMIT)) expect(t).not.toBe("TooManyRequestsException");
    expect(types.slice(ADDRESS_LIMIT)).toEqual(["TooManyRequestsException", "TooManyRequestsException"]);
    expect(await workersOf(tries.slice(0, ADDRESS_LIMIT))).toEqual(new Set([1, 2]));
  });
});

/** `npm start`'s entry point with the given environment; stdout is parsed for the URL and request-log lines. */
function startCluster(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: PACKAGE_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let url = "";
  const workers = new Map<string, number>();
  let partial = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      const lines = (partial + c.toString()).split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line) as { reqId?: string; worker?: number };
        if (entry.reqId && entry.worker) workers.set(entry.reqId, entry.worker);
      }
      // The primary's two lines, not necessarily adjacent: a worker's log line can land between them.
      const m = /userpool listening on (http:\/\/\S+)[\s\S]*worker processes/.exec(stdout);
      if (m && !url) {
        url = m[1]!;
        resolve(url);
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${stderr}\n${stdout}`)));
  });
  return {
    child,
    listening,
    exited,
    url: () => url,
    stdout: () => stdout,
    workerOf: (requestId: string) => workers.get(requestId),
  };
}

/** One JSON API call over a connection of its own (no keep-alive), so the cluster picks a worker for it. */
function post(url: string, target: string, body: Record<string, unknown>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
          connection: "close",
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as Record<string, unknown>,
            requestId: String(res.headers["x-amzn-requestid"]),
          }),
        );
      },
    );
    req.on("error", reject);
    // A hung worker fails the call with its target named instead of running into the hook's timeout.
    req.setTimeout(60_000, () => req.destroy(new Error(`${target}: no answer in 60 s`)));
    req.end(JSON.stringify(body));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
