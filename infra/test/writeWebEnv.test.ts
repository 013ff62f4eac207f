import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WEB_ENV_FILE, WebEnvError, writeWebEnv } from "../scripts/write-web-env.js";
import { REPO_ROOT } from "../src/app.js";
import { WEB_OUTPUT_KEYS } from "../src/webEnv.js";
import { INFRA_DIR } from "./support/synth.js";
import { onlyResource, resolveCfn, sharedTemplate, type CfnTemplate, type Json } from "./support/template.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "authhub-web-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The outputs file `cdk deploy --outputs-file` would write for the test stack, with stand-in physical values. */
let outputsFile: string;
let physical: Record<string, string>;
beforeAll(() => {
  const t = sharedTemplate();
  const json = t.toJSON() as CfnTemplate;
  const distributions = Object.entries(t.findResources("AWS::CloudFront::Distribution"));
  const web = distributions.find(([, r]) => JSON.stringify(r).includes("S3OriginConfig"))![0];
  const apiDist = distributions.find(([id]) => id !== web)![0];
  physical = {
    "AWS::Region": "eu-west-1",
    [onlyResource(t, "AWS::Cognito::UserPool")[0]]: "eu-west-1_AbCdEf123",
    [onlyResource(t, "AWS::Cognito::UserPoolClient")[0]]: "4example5client6id7abcdefg",
    [onlyResource(t, "AWS::Cognito::UserPoolDomain")[0]]: "authhub-test",
    [`${web}.DomainName`]: "d111111abcdef8.cloudfront.net",
    [`${apiDist}.DomainName`]: "d222222abcdef8.cloudfront.net",
  };
  const outputs = Object.fromEntries(WEB_OUTPUT_KEYS.map((k) => [k, resolveCfn(json.Outputs![k]!.Value, physical)]));
  outputsFile = join(dir, "cdk-outputs.json");
  writeFileSync(
    outputsFile,
    JSON.stringify({ Authhub: { ...outputs, Region: "eu-west-1", WebUrl: "https://d111111abcdef8.cloudfront.net" } }),
  );
});

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("write-web-env", () => {
  it("writes the VITE_* variables for real Cognito from the deploy outputs", async () => {
    const out = join(dir, ".env.production.local");
    await writeWebEnv(outputsFile, { out });
    expect(parseEnv(readFileSync(out, "utf8"))).toEqual({
      VITE_USER_POOL_ID: "eu-west-1_AbCdEf123",
      VITE_USER_POOL_CLIENT_ID: "4example5client6id7abcdefg",
      VITE_USER_POOL_ENDPOINT: "",
      VITE_OAUTH_DOMAIN: "authhub-test.auth.eu-west-1.amazoncognito.com",
      VITE_OAUTH_SCOPES: "openid email profile aws.cognito.signin.user.admin",
      VITE_OAUTH_REDIRECT_SIGN_IN: "https://d111111abcdef8.cloudfront.net/",
      VITE_OAUTH_REDIRECT_SIGN_OUT: "https://d111111abcdef8.cloudfront.net/",
      VITE_API_URL: "https://d222222abcdef8.cloudfront.net",
      VITE_API_TOKEN: "id",
    });
  });

  it("redirects the web app to a URL the user-pool client actually allows", async () => {
    const { vars } = await writeWebEnv(outputsFile, { out: join(dir, "check.env") });
    const [, client] = onlyResource(sharedTemplate(), "AWS::Cognito::UserPoolClient");
    const allowed = (client.Properties!.CallbackURLs as Json[]).map((u) => resolveCfn(u, physical));
    const allowedLogout = (client.Properties!.LogoutURLs as Json[]).map((u) => resolveCfn(u, physical));
    expect(allowed).toContain(vars.VITE_OAUTH_REDIRECT_SIGN_IN);
    expect(allowedLogout).toContain(vars.VITE_OAUTH_REDIRECT_SIGN_OUT);
  });

  it("uses only variable names the web app reads (apps/web/.env.development)", async () => {
    const { vars } = await writeWebEnv(outputsFile, { out: join(dir, "names.env") });
    const known = Object.keys(parseEnv(readFileSync(join(REPO_ROOT, "apps", "web", ".env.development"), "utf8")));
    expect(Object.keys(vars).filter((k) => !known.includes(k))).toEqual([]);
  });

  it("is accepted by the web app's own configuration parser as a real-Cognito configuration", async () => {
    const { vars } = await writeWebEnv(outputsFile, { out: join(dir, "parse.env") });
    const { parseConfig } = (await import(
      pathToFileURL(join(REPO_ROOT, "apps", "web", "src", "config", "config.ts")).href
    )) as {
      parseConfig(env: Record<string, string>): { ok: boolean; config?: Record<string, unknown>; problems?: string[] };
    };
    const result = parseConfig(vars);
    expect(result.problems).toBeUndefined();
    expect(result.config).toMatchObject({
      userPoolId: "eu-west-1_AbCdEf123",
      region: "eu-west-1",
      userPoolEndpoint: undefined,
      apiUrl: "https://d222222abcdef8.cloudfront.net",
      oauth: {
        domain: "authhub-test.auth.eu-west-1.amazoncognito.com",
        redirectSignIn: ["https://d111111abcdef8.cloudfront.net/"],
      },
    });
  });

  it("runs as a CLI and writes the git-ignored apps/web/.env.production.local by default", async () => {
    const out = join(dir, "cli.env");
    const { stdout } = await run(
      "npx",
      ["tsx", "scripts/write-web-env.ts", outputsFile, "--stack", "Authhub", "--out", out],
      { cwd: INFRA_DIR },
    );
    expect(stdout).toContain("wrote 9 variables");
    expect(parseEnv(readFileSync(out, "utf8")).VITE_USER_POOL_ID).toBe("eu-west-1_AbCdEf123");
    // Deployment values stay out of git: check-ignore exits 0 only for ignored paths.
    expect(() =>
      execFileSync("git", ["check-ignore", "-q", relative(REPO_ROOT, DEFAULT_WEB_ENV_FILE)], { cwd: REPO_ROOT }),
    ).not.toThrow();
  });

  it("explains what is wrong with the outputs file", async () => {
    const twoStacks = join(dir, "two.json");
    writeFileSync(twoStacks, JSON.stringify({ A: {}, B: {} }));
    await expect(writeWebEnv(twoStacks, { out: join(dir, "x.env") })).rejects.toThrow(
      /holds 2 stacks \(A, B\); pick one with --stack/,
    );
    await expect(writeWebEnv(twoStacks, { stack: "A", out: join(dir, "x.env") })).rejects.toThrow(
      /lacks the outputs UserPoolId, UserPoolClientId/,
    );
    await expect(writeWebEnv(join(dir, "missing.json"), { out: join(dir, "x.env") })).rejects.toBeInstanceOf(
      WebEnvError,
    );
    const failure = await run("npx", ["tsx", "scripts/write-web-env.ts", twoStacks], { cwd: INFRA_DIR }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("write-web-env: the outputs file holds 2 stacks"),
    });
  });
});
