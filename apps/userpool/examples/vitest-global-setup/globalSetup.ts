/**
 * vitest globalSetup: one user pool server for the whole run, from the installed package.
 * Tests read its URL with inject("userpoolUrl"); teardown stops it and deletes its data.
 */
import { startUserpool } from "@authhub/userpool";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    userpoolUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const up = await startUserpool({ config: new URL("./pools.json", import.meta.url).pathname });
  project.provide("userpoolUrl", up.url);
  return () => up.close();
}
