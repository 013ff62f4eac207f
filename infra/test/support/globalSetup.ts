import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ALTERNATE_CONTEXT, buildWorkspace, synthStack } from "./synth.js";

export type TemplateVariant = "default" | "alternate";

declare module "vitest" {
  export interface ProvidedContext {
    /** JSON files with the test stacks' templates, synthesized once for every test file. */
    templateFiles: Record<TemplateVariant, string>;
  }
}

/** Builds the real trigger bundle, then synthesizes the two test stacks once and shares their templates. */
export default function setup(project: TestProject): () => void {
  buildWorkspace("packages/triggers");
  const dir = mkdtempSync(join(tmpdir(), "authhub-infra-template-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const files = { default: join(dir, "default.json"), alternate: join(dir, "alternate.json") };
    writeFileSync(files.default, JSON.stringify(synthStack().template.toJSON()));
    writeFileSync(files.alternate, JSON.stringify(synthStack(ALTERNATE_CONTEXT).template.toJSON()));
    project.provide("templateFiles", files);
  } catch (err) {
    cleanup();
    throw err;
  }
  return cleanup;
}
