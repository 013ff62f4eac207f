/**
 * Test harness: starts the server in-process on port 0 with a test pool configuration and gives
 * the official SDK clients pointed at it, on the default database or a fresh one of a test engine.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { startUserpool, type RunningUserpool, type StartUserpoolOptions } from "../../src/main.js";
import type { UserpoolFileConfig } from "../../src/config/fileSchema.js";
import type { RsaKeyGenerator } from "../../src/services/keys.js";
import { databaseOptions, type TestEngine } from "./engines.js";

export const POOL_ID = "us-east-1_TestPool1";
/** Public client: SRP, password and refresh flows, PreventUserExistenceErrors ENABLED. */
export const CLIENT_ID = "testpublicclient0000000001";
/** Client with a secret: SECRET_HASH required. */
export const SECRET_CLIENT_ID = "testsecretclient0000000001";
/** Client that allows only SRP + refresh (USER_PASSWORD_AUTH must be refused). */
export const SRP_ONLY_CLIENT_ID = "testsrponlyclient000000001";
/** Client with LEGACY user-existence errors and admin password auth. */
export const LEGACY_CLIENT_ID = "testlegacyclient0000000001";
/** Client with refresh-token rotation. */
export const ROTATING_CLIENT_ID = "testrotatingclient00000001";
export const CLIENT_SECRET = "testclientsecret0123456789abcdefghijklmnopqrstuvwxyz";

export const GOOD_PASSWORD = "Corr3ct-Horse!";

export function testConfig(): UserpoolFileConfig {
  return {
    UserPools: [
      {
        Id: POOL_ID,
        PoolName: "test-pool",
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 10,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
        VerificationMessageTemplate: {
          DefaultEmailOption: "CONFIRM_WITH_CODE",
          EmailSubject: "Your code",
          EmailMessage: "Hello {username}, your code is {####}.",
        },
        Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }],
        Clients: [
          {
            ClientId: CLIENT_ID,
            ClientName: "public",
            ExplicitAuthFlows: [
              "ALLOW_USER_SRP_AUTH",
              "ALLOW_USER_PASSWORD_AUTH",
              "ALLOW_REFRESH_TOKEN_AUTH",
              "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            ],
            PreventUserExistenceErrors: "ENABLED",
          },
          {
            ClientId: SECRET_CLIENT_ID,
            ClientName: "confidential",
            ClientSecretFromEnv: "TEST_CLIENT_SECRET",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors: "ENABLED",
          },
          {
            ClientId: SRP_ONLY_CLIENT_ID,
            ClientName: "srp-only",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors: "ENABLED",
          },
          {
            ClientId: LEGACY_CLIENT_ID,
            ClientName: "legacy",
            ExplicitAuthFlows: [
              "ALLOW_USER_PASSWORD_AUTH",
              "ALLOW_ADMIN_USER_PASSWORD_AUTH",
              "ALLOW_REFRESH_TOKEN_AUTH",
            ],
            PreventUserExistenceErrors: "LEGACY",
          },
          {
            ClientId: ROTATING_CLIENT_ID,
            ClientName: "rotating",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 0 },
          },
        ],
      },
    ],
  };
}

let keyPairs: { privateKey: KeyObject; publicKey: KeyObject }[] | undefined;
let next = 0;
/** RSA generation dominates pool creation; tests reuse a few pairs (kids stay distinct per pool and use). */
export const fastRsaKeys: RsaKeyGenerator = async () => {
  keyPairs ??= Array.from({ length: 2 }, () => generateKeyPairSync("rsa", { modulusLength: 2048 }));
  return keyPairs[next++ % keyPairs.length]!;
};

/**
 * A valid production set-up: https issuer, a fresh random data key and admin secret (key ID AKIDPROD),
 * SMTP (never reached) and a sender address; tests add `config` and `env`, or spoil one thing.
 */
export function productionOptions(): StartUserpoolOptions {
  return {
    mode: "production",
    issuerBase: "https://auth.example.com",
    dataKey: randomBytes(32),
    adminCredentials: { AKIDPROD: randomBytes(30).toString("base64") },
    smtpUrl: "smtp://127.0.0.1:1",
    mailFrom: "Authhub <no-reply@example.com>",
    generateRsaKeyPair: fastRsaKeys,
  };
}

export interface TestUserpool extends RunningUserpool {
  admin: CognitoIdentityProviderClient;
  /** An SDK client without credentials: public operations go out unsigned. */
  anon: CognitoIdentityProviderClient;
}

export async function startTestUserpool(opts: StartUserpoolOptions = {}): Promise<TestUserpool> {
  const running = await startUserpool({
    config: testConfig(),
    env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
    generateRsaKeyPair: fastRsaKeys,
    logLevel: "silent",
    ...opts,
  });
  return { ...running, admin: adminClient(running.url), anon: anonClient(running.url) };
}

export interface EngineUserpool extends TestUserpool {
  /** Closes the server and drops its database. */
  stop(): Promise<void>;
}

/** startTestUserpool on a fresh database of `engine`; `stop()` closes the server and drops the database. */
export async function startTestUserpoolOn(
  engine: TestEngine,
  opts: StartUserpoolOptions = {},
): Promise<EngineUserpool> {
  const db = await engine.create();
  let up: TestUserpool;
  try {
    up = await startTestUserpool({ ...databaseOptions(db), ...opts });
  } catch (err) {
    await db.cleanup();
    throw err;
  }
  return {
    ...up,
    async stop() {
      await up.close();
      await db.cleanup();
    },
  };
}

export interface TwoInstances {
  a: TestUserpool;
  b: TestUserpool;
  /** Closes both servers and drops their database. */
  stop(): Promise<void>;
}

/**
 * Two instances of the server on one fresh database of `engine`, as behind one load balancer: they
 * share the data key and the public issuer. Started one after the other, so the second finds the
 * schema migrated and the config applied.
 */
export async function startTwoInstancesOn(engine: TestEngine, opts: StartUserpoolOptions = {}): Promise<TwoInstances> {
  const db = await engine.create();
  const common = { ...databaseOptions(db), dataKey: Buffer.alloc(32, 42), issuerBase: "http://userpool.test", ...opts };
  const started: TestUserpool[] = [];
  const stop = async () => {
    for (const up of started) await up.close();
    await db.cleanup();
  };
  try {
    started.push(await startTestUserpool(common));
    started.push(await startTestUserpool(common));
  } catch (err) {
    await stop();
    throw err;
  }
  return { a: started[0]!, b: started[1]!, stop };
}

export function adminClient(
  url: string,
  credentials = { accessKeyId: "local", secretAccessKey: "local" },
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: url, region: "us-east-1", credentials, maxAttempts: 1 });
}

export function anonClient(url: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    maxAttempts: 1,
    // Public operations need no signature; a credentials provider that fails proves none is used.
    credentials: async () => {
      throw new Error("public operations must not need credentials");
    },
  });
}

/** Newest message for an address from the dev mailbox JSON. */
export async function latestMessage(
  url: string,
  to: string,
): Promise<{ to: string; subject: string; text: string; html: string; createdAt: string }> {
  const res = await fetch(`${url}/_dev/messages?to=${encodeURIComponent(to)}`);
  const list = (await res.json()) as { to: string; subject: string; text: string; html: string; createdAt: string }[];
  if (!list.length) throw new Error(`no message for ${to}`);
  return list[0]!;
}

/** The 6-digit code of the newest message to `to`. */
export async function latestCode(url: string, to: string): Promise<string> {
  const m = await latestMessage(url, to);
  const code = /\b(\d{6})\b/.exec(m.text)?.[1];
  if (!code) throw new Error(`no code in message to ${to}: ${m.subject}`);
  return code;
}

/** The development SMS outbox for a number, newest first (`+` sent encoded, as a client would). */
export async function devTexts(url: string, to: string): Promise<{ to: string; text: string; createdAt: string }[]> {
  const res = await fetch(`${url}/_dev/sms?to=${encodeURIComponent(to)}`);
  if (res.status !== 200) throw new Error(`GET /_dev/sms answered ${res.status}`);
  return (await res.json()) as { to: string; text: string; createdAt: string }[];
}

/** The newest text to `to` from the development SMS outbox. */
export async function latestText(url: string, to: string): Promise<string> {
  const list = await devTexts(url, to);
  if (!list[0]) throw new Error(`no text to ${to}`);
  return list[0].text;
}

/** The 6-digit code in `text`, or "" when it has none. */
export const codeIn = (text: string): string => /\b(\d{6})\b/.exec(text)?.[1] ?? "";

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}.${process.pid}.${Date.now()}.${counter++}@example.com`;
}

let phones = 0;
/** A fresh +1555… number (a fictional range), unique within this process. */
export function newPhone(): string {
  return `+1555${String(Date.now() % 100000).padStart(5, "0")}${String(phones++ % 100).padStart(2, "0")}`;
}
