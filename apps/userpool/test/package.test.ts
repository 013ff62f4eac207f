/**
 * The packed userpool (scripts/pack.ts, docs/userpool/package.md) works outside the repository:
 * the tarball is unpacked into a fresh project under the system temp directory as `npm install`
 * would place it, its dependencies are the repo's installed ones (offline), and then
 * (a) `npx authhub-userpool start` serves a sign-up through the AWS SDK, and
 * (b) examples/vitest-global-setup runs under vitest with startUserpool() from the package.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CognitoIdentityProviderClient, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const repoModules = join(root, "../../node_modules");
const nodeBin = dirname(process.execPath);

describe("the packed @authhub/userpool", () => {
  const work = mkdtempSync(join(tmpdir(), "userpool-package-"));
  const project = join(work, "project");
  let server: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync(join(repoModules, ".bin/tsx"), [join(root, "scripts/pack.ts"), work], { cwd: root, stdio: "pipe" });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`scripts/pack.ts left no tarball in ${work}`);
    const pkg = join(project, "node_modules/@authhub/userpool");
    mkdirSync(pkg, { recursive: true });
    execFileSync("tar", ["xzf", join(work, tarball), "-C", pkg, "--strip-components=1"]);
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    // The package's dependencies and the example's, linked from the repo's install (no network).
    for (const dep of [...Object.keys(manifest.dependencies), "vitest", "@aws-sdk/client-cognito-identity-provider"]) {
      mkdirSync(dirname(join(project, "node_modules", dep)), { recursive: true });
      symlinkSync(join(repoModules, dep), join(project, "node_modules", dep));
    }
    // What npm does with `bin`: an executable link in node_modules/.bin.
    mkdirSync(join(project, "node_modules/.bin"));
    const cli = join(pkg, manifest.bin["authhub-userpool"]!);
    chmodSync(cli, 0o755);
    symlinkSync(cli, join(project, "node_modules/.bin/authhub-userpool"));
    cpSync(join(root, "examples/vitest-global-setup"), project, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      // npx does not pass a signal on to the command it runs: SIGTERM the whole process group it leads, as a
      // terminal's Ctrl-C would, or the server outlives the test holding its port.
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      process.kill(-server.pid, "SIGTERM");
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it("prints its commands with --help", () => {
    const out = execFileSync("npx", ["--no-install", "authhub-userpool", "--help"], { cwd: project, encoding: "utf8" });
    expect(out).toMatch(/start +run the Cognito-compatible user pool server/);
    expect(out).toMatch(/rotate-keys/);
  });

  it("starts with `npx authhub-userpool start` and signs a user up through the AWS SDK", async () => {
    server = spawn("npx", ["--no-install", "authhub-userpool", "start", "--port", "0", "--config", "pools.json"], {
      cwd: project,
      env: { PATH: `${nodeBin}:${process.env.PATH}`, HOME: work, USERPOOL_HTTPS_PORT: "off" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stderr = "";
    server.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      server!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      server!.once("exit", (code) => reject(new Error(`authhub-userpool start exited ${code}: ${stderr}`)));
    });
    const client = new CognitoIdentityProviderClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
    });
    const r = await client.send(
      new SignUpCommand({
        ClientId: "exampleclient0000000000001",
        Username: "ada@example.com",
        Password: "Corr3ct-Horse!",
      }),
    );
    expect(r.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    // The data directory is the working directory's .userpool, not the package's.
    expect(readdirSync(join(project, ".userpool"))).toContain("userpool.sqlite");
  }, 150_000);

  it("runs the vitest globalSetup example with startUserpool() from the package", () => {
    const out = execFileSync(process.execPath, [join(project, "node_modules/vitest/vitest.mjs"), "run"], {
      cwd: project,
      env: { PATH: `${nodeBin}:${process.env.PATH}`, HOME: work, CI: "1" },
      encoding: "utf8",
    });
    expect(out).toMatch(/1 passed/);
  }, 240_000);
});
