import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { TRIGGER_BUNDLE_DIR } from "../src/app.js";
import { INFRA_DIR, TEST_CONTEXT } from "./support/synth.js";
import { sharedTemplate, type CfnTemplate } from "./support/template.js";

const run = promisify(execFile);
const outDir = mkdtempSync(join(tmpdir(), "authhub-cdk-out-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Offline: no version check, no notices, no telemetry, no instance-metadata credential probe. */
const offlineEnv = {
  ...process.env,
  CDK_DISABLE_VERSION_CHECK: "true",
  CDK_DISABLE_CLI_TELEMETRY: "true",
  AWS_EC2_METADATA_DISABLED: "true",
};

/** Template content that is about the deployment, without CDK's bookkeeping (path metadata, version reporting). */
function comparable(template: CfnTemplate): unknown {
  const resources = Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type !== "AWS::CDK::Metadata")
      .map(([id, r]) => {
        const { Metadata: _metadata, ...rest } = r as typeof r & { Metadata?: unknown };
        return [id, rest];
      }),
  );
  return { resources, outputs: template.Outputs };
}

describe("cdk synth (the CLI, offline)", () => {
  it("synthesizes the app the tests assert on, with the built trigger as the Lambda asset", async () => {
    const context = Object.entries(TEST_CONTEXT).flatMap(([k, v]) => ["-c", `${k}=${v}`]);
    const { stderr } = await run("npx", ["cdk", "synth", "--no-notices", "--quiet", "--output", outDir, ...context], {
      cwd: INFRA_DIR,
      env: offlineEnv,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stderr).not.toMatch(/\[Error|error TS|Unable to resolve AWS account/i);

    const template = JSON.parse(readFileSync(join(outDir, "Authhub.template.json"), "utf8")) as CfnTemplate;
    expect(comparable(template)).toEqual(comparable(sharedTemplate().toJSON() as CfnTemplate));

    // The Lambda's asset is the triggers workspace's own build output, byte for byte.
    const assets = JSON.parse(readFileSync(join(outDir, "Authhub.assets.json"), "utf8")) as {
      files: Record<string, { displayName?: string; source: { path: string } }>;
    };
    const lambdaAsset = Object.values(assets.files).find((a) => a.displayName === "Trigger/Function/Code");
    expect(lambdaAsset).toBeDefined();
    expect(
      readFileSync(join(outDir, lambdaAsset!.source.path, "index.mjs")).equals(
        readFileSync(join(TRIGGER_BUNDLE_DIR, "index.mjs")),
      ),
    ).toBe(true);
  });

  it("fails with the names of the missing context values instead of synthesizing a half-configured stack", async () => {
    const failure = await run("npx", ["tsx", "bin/authhub.ts"], {
      cwd: INFRA_DIR,
      env: { ...offlineEnv, CDK_CONTEXT_JSON: "{}", CDK_OUTDIR: outDir },
    }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('context "domainPrefix" is required');
    expect(failure?.stderr).toContain('context "codestarConnectionArn" is required');
  });
});
