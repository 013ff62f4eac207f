import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp, REPO_ROOT, TRIGGER_BUNDLE_DIR } from "../../src/app.js";
import type { AuthhubStack } from "../../src/authhubStack.js";

export const INFRA_DIR = join(REPO_ROOT, "infra");

/** Deployment settings for tests: realistic values, nothing that needs AWS to resolve. */
export const TEST_CONTEXT = {
  domainPrefix: "authhub-test",
  googleClientId: "123456789012-abcdefghijklmnop.apps.googleusercontent.com",
  googleClientSecretName: "authhub/google-client-secret",
  codestarConnectionArn:
    "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
  githubRepo: "acme/authhub",
  githubBranch: "main",
  allowLocalhost: "true",
  callbackUrls: "https://app.example.com/",
  logoutUrls: "https://app.example.com/",
} as const;

/**
 * The other branch of every option: V2 trigger with access tokens, HTTPS to the API origin, nothing retained,
 * no localhost or extra redirect URLs, implicit grant allowed.
 */
export const ALTERNATE_CONTEXT = {
  preTokenGenerationV2: "true",
  apiTokenUse: "access",
  apiCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
  apiOriginDomainName: "api-origin.example.com",
  retainData: "false",
  allowLocalhost: "false",
  callbackUrls: "",
  logoutUrls: "",
  allowImplicitGrant: "true",
} as const;

/** The feature flags in infra/cdk.json, so in-process synths match what the CLI deploys. */
export function cdkJsonContext(): Record<string, unknown> {
  return (
    (JSON.parse(readFileSync(join(INFRA_DIR, "cdk.json"), "utf8")) as { context?: Record<string, unknown> }).context ??
    {}
  );
}

/** Synthesizes the app in-process with the test context plus `extra`. */
export function synthStack(extra: Record<string, unknown> = {}): { stack: AuthhubStack; template: Template } {
  const { stack } = buildApp({ context: { ...cdkJsonContext(), ...TEST_CONTEXT, ...extra } });
  return { stack, template: Template.fromStack(stack) };
}

/**
 * Builds the trigger bundle with its own build script, so the Lambda asset the tests synthesize is the
 * real one (docs/conventions.md, "Trigger bundle"). Fails with the fix when the script is missing.
 */
export function buildWorkspace(workspace: "packages/triggers" | "apps/api"): void {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, workspace, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  if (!pkg.scripts?.build) {
    throw new Error(
      `${workspace}/package.json has no "build" script yet; ` +
        `infra's tests need \`npm run build -w ${workspace}\` (owned by that workspace)`,
    );
  }
  try {
    execFileSync("npm", ["run", "build", "-w", workspace], { cwd: REPO_ROOT, stdio: "pipe", encoding: "utf8" });
  } catch (err) {
    const { stdout = "", stderr = "" } = err as { stdout?: string; stderr?: string };
    throw new Error(`\`npm run build -w ${workspace}\` failed; infra's tests need its output:\n${stdout}${stderr}`);
  }
  if (workspace === "packages/triggers" && !existsSync(join(TRIGGER_BUNDLE_DIR, "index.mjs"))) {
    throw new Error(
      `npm run build -w packages/triggers succeeded but ${join(TRIGGER_BUNDLE_DIR, "index.mjs")} is missing`,
    );
  }
}
