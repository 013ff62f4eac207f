// @vitest-environment node
// Reads the committed env files the way Vite does (loadEnv), so the defaults can never drift into invalid,
// and checks which configuration a build bakes in.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadEnv } from "vite";
import { resolveBuildEnv } from "./buildEnv";
import { describeBackend, parseConfig } from "./config";

const webRoot = join(import.meta.dirname, "..", "..");
let dir: string;

beforeEach(() => {
  // A developer's shell may export VITE_*; Vite lets those win, which would change what these tests see.
  for (const name of Object.keys(process.env)) if (name.startsWith("VITE_")) vi.stubEnv(name, undefined);
  dir = mkdtempSync(join(tmpdir(), "authhub-web-env-"));
  copyFileSync(join(webRoot, ".env.development"), join(dir, ".env.development"));
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("committed env files", () => {
  it(".env.development configures the local stack from docs/conventions.md", () => {
    const result = parseConfig(loadEnv("development", webRoot, "VITE_"));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config).toEqual({
      userPoolId: "us-east-1_AuthHub01",
      userPoolClientId: "authhubwebclientlocaldev01",
      region: "us-east-1",
      userPoolEndpoint: "http://localhost:9229",
      oauth: {
        domain: "localhost:9443",
        scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
        redirectSignIn: ["http://localhost:3000/"],
        redirectSignOut: ["http://localhost:3000/"],
      },
      // config/userpool.stack.json: the web client's SupportedIdentityProviders less COGNITO.
      identityProviders: ["Google", "Facebook", "SignInWithApple", "LoginWithAmazon", "DevSAML"],
      apiUrl: "http://localhost:5000",
      apiToken: "id",
      tokenStorage: "localStorage",
      signInFactors: ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"],
      // config/userpool.stack.json: VerificationMessageTemplate.DefaultEmailOption CONFIRM_WITH_LINK.
      emailVerification: "link",
      // Policies.PasswordPolicy: Cognito's default.
      passwordPolicy: {
        minimumLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
      },
    });
    expect(describeBackend(result.config)).toBe("Local userpool (http://localhost:9229)");
  });

  it(".env.production.example has the real-Cognito shape: valid, and no local endpoint", () => {
    copyFileSync(join(webRoot, ".env.production.example"), join(dir, ".env.production"));
    const result = parseConfig(loadEnv("production", dir, "VITE_"));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.userPoolEndpoint).toBeUndefined();
    expect(describeBackend(result.config)).toBe("AWS Cognito (us-east-1)");
  });
});

describe("resolveBuildEnv (what `npm run build` bakes in)", () => {
  it("builds for the local stack from .env.development when no production configuration exists", () => {
    const build = resolveBuildEnv("production", dir);
    expect(build.fromDevelopmentDefaults).toBe(true);
    expect(build.config.userPoolEndpoint).toBe("http://localhost:9229");
    expect(build.summary).toBe(
      "apps/web: building for Local userpool (http://localhost:9229), API http://localhost:5000, " +
        "from .env.development (no production configuration given).",
    );
  });

  it("uses a complete production configuration without leaking development values into it", () => {
    copyFileSync(join(webRoot, ".env.production.example"), join(dir, ".env.production.local"));
    const build = resolveBuildEnv("production", dir);
    expect(build.fromDevelopmentDefaults).toBe(false);
    expect(build.config.userPoolEndpoint).toBeUndefined();
    expect(build.summary).toMatch(/^apps\/web: building for AWS Cognito \(us-east-1\), API https:\/\/api.example.com/);
  });

  it("takes VITE_* from the environment (as the CodeBuild pipeline sets them)", () => {
    vi.stubEnv("VITE_USER_POOL_ID", "eu-central-1_Real123");
    vi.stubEnv("VITE_USER_POOL_CLIENT_ID", "realclient");
    vi.stubEnv("VITE_API_URL", "https://api.example.org");
    vi.stubEnv("VITE_USER_POOL_ENDPOINT", "");
    const build = resolveBuildEnv("production", dir);
    expect(describeBackend(build.config)).toBe("AWS Cognito (eu-central-1)");
    expect(build.fromDevelopmentDefaults).toBe(false);
  });

  it("fails, naming each value, when a production configuration is incomplete", () => {
    writeFileSync(join(dir, ".env.production.local"), "VITE_USER_POOL_ID=us-east-1_Real123\n");
    expect(() => resolveBuildEnv("production", dir)).toThrow(
      /VITE_USER_POOL_CLIENT_ID is missing[\s\S]*VITE_API_URL is missing/,
    );
  });
});
