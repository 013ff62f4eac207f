import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, type AppProps } from "aws-cdk-lib";
import { AuthhubStack } from "./authhubStack.js";
import { readInfraConfig } from "./config.js";

/** The monorepo root (infra/src/app.ts -> ../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Output of `npm run build -w packages/triggers` (docs/conventions.md, "Trigger bundle"). */
export const TRIGGER_BUNDLE_DIR = join(REPO_ROOT, "packages", "triggers", "dist");

export class MissingBundleError extends Error {
  override name = "MissingBundleError";
}

/** Fails with the fix when the trigger bundle has not been built, instead of shipping an empty Lambda. */
export function assertTriggerBundle(dir: string = TRIGGER_BUNDLE_DIR): string {
  if (!existsSync(join(dir, "index.mjs"))) {
    throw new MissingBundleError(
      `the trigger bundle ${join(dir, "index.mjs")} does not exist; run \`npm run build -w packages/triggers\` first`,
    );
  }
  return dir;
}

/** Builds the CDK app: validated context -> one AuthhubStack (env-agnostic, so synth needs no AWS account). */
export function buildApp(
  props: AppProps = {},
  triggerBundleDir: string = TRIGGER_BUNDLE_DIR,
): { app: App; stack: AuthhubStack } {
  const app = new App(props);
  const config = readInfraConfig(app.node);
  const stackName = (app.node.tryGetContext("stackName") as string | undefined) ?? "Authhub";
  const stack = new AuthhubStack(app, stackName, {
    config,
    triggerBundleDir: assertTriggerBundle(triggerBundleDir),
    description:
      "Authhub: Cognito + Google, user-sync trigger, RDS PostgreSQL, Elastic Beanstalk API, " +
      "CloudFront web app, CodePipeline",
  });
  return { app, stack };
}
