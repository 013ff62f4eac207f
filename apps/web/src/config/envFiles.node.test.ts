// @vitest-environment node
// Reads the committed env files the way Vite does (loadEnv), so the defaults can never drift into invalid.
import { describe, expect, it } from "vitest";
import { loadEnv } from "vite";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeBackend, parseConfig } from "./config";

const webRoot = join(import.meta.dirname, "..", "..");

describe("committed env files", () => {
  it(".env.development configures the local stack from docs/conventions.md", () => {
    const result = parseConfig(loadEnv("development", webRoot, "VITE_"));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config).toMatchObject({
      userPoolId: "us-east-1_AuthHub01",
      userPoolClientId: "authhubwebclientlocaldev01",
      userPoolEndpoint: "http://localhost:9229",
      oauth: { domain: "localhost:9443", redirectSignIn: ["http://localhost:3000/"], redirectSignOut: ["http://localhost:3000/"] },
      apiUrl: "http://localhost:5000",
      apiToken: "id",
      tokenStorage: "localStorage",
    });
    expect(describeBackend(result.config)).toBe("Local userpool (http://localhost:9229)");
  });

  it(".env.production.example has the real-Cognito shape: valid, and no local endpoint", () => {
    const dir = mkdtempSync(join(tmpdir(), "authhub-web-env-"));
    try {
      copyFileSync(join(webRoot, ".env.production.example"), join(dir, ".env.production"));
      const result = parseConfig(loadEnv("production", dir, "VITE_"));
      if (!result.ok) throw new Error(result.problems.join("\n"));
      expect(result.config.userPoolEndpoint).toBeUndefined();
      expect(describeBackend(result.config)).toBe("AWS Cognito (us-east-1)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
