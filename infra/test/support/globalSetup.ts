import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildWorkspace, synthStack } from "./synth.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** JSON file with the default test stack's template, synthesized once for every test file. */
    templateFile: string;
  }
}

/** Builds the real trigger bundle, then synthesizes the default stack once and shares the template. */
export default function setup(project: TestProject): () => void {
  buildWorkspace("packages/triggers");
  const dir = mkdtempSync(join(tmpdir(), "authhub-infra-template-"));
  const file = join(dir, "template.json");
  writeFileSync(file, JSON.stringify(synthStack().template.toJSON()));
  project.provide("templateFile", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
