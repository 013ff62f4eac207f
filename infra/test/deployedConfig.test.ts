import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createAppDb, migrateToLatest, resolveAppDbConfig, type AppDbConfig, type SecretFetcher } from "@authhub/appdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/app.js";
import { createFreshDatabase, type FreshDatabase } from "./support/pg.js";
import { onlyResource, resolveCfn, sharedTemplate, type Json } from "./support/template.js";

/**
 * "The API reads configuration exactly as deployed": the environment the stack gives Elastic Beanstalk
 * and the trigger Lambda is taken from the synthesized template, its CloudFormation references are
 * resolved to stand-in physical values, and the result is fed to the API's own config loader and to
 * `@authhub/appdb` against a fresh local PostgreSQL database.
 */

interface ApiConfigModule {
  loadConfig(
    env: NodeJS.ProcessEnv,
    options?: { fetchSecret?: SecretFetcher },
  ): Promise<{
    dbEnv: string;
    db: AppDbConfig;
    port: number;
    auth: { issuer: string; clientIds: string[]; tokenUse: string };
    corsOrigins: string[];
  }>;
  loadDbConfig(
    env: NodeJS.ProcessEnv,
    options?: { fetchSecret?: SecretFetcher },
  ): Promise<{ dbEnv: string; db: AppDbConfig }>;
}

const FAKE = {
  region: "eu-west-1",
  poolId: "eu-west-1_AbCdEf123",
  clientId: "4example5client6id7abcdefg",
  secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AuthhubDatabasePostgresSecret-AbCdEf",
  webDomain: "d111111abcdef8.cloudfront.net",
};

let db: FreshDatabase;
let api: ApiConfigModule;
let physical: Record<string, string>;
let rdsSecretJson: string;

beforeAll(async () => {
  db = await createFreshDatabase();
  // The API's config module, loaded at run time so infra's typecheck does not depend on apps/api's sources.
  api = (await import(pathToFileURL(join(REPO_ROOT, "apps", "api", "src", "config.ts")).href)) as ApiConfigModule;

  const t = sharedTemplate();
  const webDistribution = Object.entries(t.findResources("AWS::CloudFront::Distribution")).find(([, r]) =>
    JSON.stringify(r).includes("S3OriginConfig"),
  )![0];
  physical = {
    "AWS::Region": FAKE.region,
    [onlyResource(t, "AWS::SecretsManager::SecretTargetAttachment")[0]]: FAKE.secretArn,
    [onlyResource(t, "AWS::Cognito::UserPool")[0]]: FAKE.poolId,
    [onlyResource(t, "AWS::Cognito::UserPoolClient")[0]]: FAKE.clientId,
    [`${webDistribution}.DomainName`]: FAKE.webDomain,
  };
  // What RDS writes into the attached secret (SecretTargetAttachment adds host, port, dbname, engine).
  rdsSecretJson = JSON.stringify({
    username: db.user,
    password: "unused-with-trust-auth",
    engine: "postgres",
    host: db.host,
    port: db.port,
    dbname: db.name,
  });
});
afterAll(async () => {
  await db?.drop();
});

/** A fetcher that only knows the deployed secret ARN, and counts calls. */
function secretFetcher(): SecretFetcher & { calls: string[] } {
  const calls: string[] = [];
  const fetch = Object.assign(
    async (arn: string) => {
      calls.push(arn);
      if (arn !== FAKE.secretArn) throw new Error(`unexpected secret ${arn}`);
      return rdsSecretJson;
    },
    { calls },
  );
  return fetch;
}

/**
 * The deployed environment with references resolved; DB_SSL is asserted, then turned off for the TLS-less local
 * server.
 */
function forLocalPostgres(deployed: Record<string, string>): NodeJS.ProcessEnv {
  expect(deployed.DB_SSL).toBe("true");
  return { ...deployed, DB_SSL: "false" };
}

function ebEnvironment(): Record<string, string> {
  const [, env] = onlyResource(sharedTemplate(), "AWS::ElasticBeanstalk::Environment");
  const settings = env.Properties?.OptionSettings as { Namespace: string; OptionName: string; Value: Json }[];
  return Object.fromEntries(
    settings
      .filter((o) => o.Namespace === "aws:elasticbeanstalk:application:environment")
      .map((o) => [o.OptionName, resolveCfn(o.Value, physical)]),
  );
}

function lambdaEnvironment(): Record<string, string> {
  const [, fn] = onlyResource(sharedTemplate(), "AWS::Lambda::Function");
  const vars = (fn.Properties!.Environment as { Variables: Record<string, Json> }).Variables;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, resolveCfn(v, physical)]));
}

async function usersCount(config: AppDbConfig): Promise<number> {
  const conn = await createAppDb(config);
  try {
    const row = await conn
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await conn.destroy();
  }
}

describe("the API on Elastic Beanstalk, configured from the stack", () => {
  it("loads its whole configuration from the deployed environment, fetching the RDS secret by ARN", async () => {
    const fetchSecret = secretFetcher();
    const config = await api.loadConfig(forLocalPostgres(ebEnvironment()), { fetchSecret });
    expect(fetchSecret.calls).toEqual([FAKE.secretArn]);
    expect(config.dbEnv).toBe("production");
    expect(config.db).toEqual({
      engine: "postgres",
      host: db.host,
      port: db.port,
      user: db.user,
      password: "unused-with-trust-auth",
      database: db.name,
      ssl: false,
    });
    expect(config.port).toBe(8080);
    expect(config.auth).toMatchObject({
      issuer: `https://cognito-idp.${FAKE.region}.amazonaws.com/${FAKE.poolId}`,
      clientIds: [FAKE.clientId],
      tokenUse: "id",
    });
    expect(config.corsOrigins).toEqual([`https://${FAKE.webDomain}`, "http://localhost:3000"]);
  });

  it("migrates and queries the database through that configuration", async () => {
    const { db: dbConfig } = await api.loadDbConfig(forLocalPostgres(ebEnvironment()), {
      fetchSecret: secretFetcher(),
    });
    const conn = await createAppDb(dbConfig);
    try {
      const result = await migrateToLatest(conn);
      expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([["0001_users", "Success"]]);
      await conn
        .insertInto("users")
        .values({ sub: "11111111-2222-3333-4444-555555555555", email: "ada@example.com" })
        .execute();
    } finally {
      await conn.destroy();
    }
    expect(await usersCount(dbConfig)).toBe(1);
  });

  it("also works from the RDS_* variables EB sets for a coupled database", async () => {
    const env = {
      DB_ENV: "production",
      RDS_HOSTNAME: db.host,
      RDS_PORT: String(db.port),
      RDS_USERNAME: db.user,
      RDS_PASSWORD: "unused-with-trust-auth",
      RDS_DB_NAME: db.name,
    };
    const { db: dbConfig } = await api.loadDbConfig(env);
    expect(dbConfig).toMatchObject({ engine: "postgres", host: db.host, database: db.name });
    const conn = await createAppDb(dbConfig);
    try {
      // Idempotent: the schema is already current.
      expect((await migrateToLatest(conn)).results).toEqual([]);
    } finally {
      await conn.destroy();
    }
    expect(await usersCount(dbConfig)).toBe(1);
  });

  it("refuses to start when the deployed secret is unreadable, without leaking it", async () => {
    const broken: SecretFetcher = async () => "not json";
    await expect(api.loadConfig(forLocalPostgres(ebEnvironment()), { fetchSecret: broken })).rejects.toThrow(
      /DB_SECRET_ARN does not hold a JSON secret/,
    );
  });
});

describe("the trigger Lambda, configured from the stack", () => {
  it("resolves the same database from its deployed environment and sees the API's rows", async () => {
    const fetchSecret = secretFetcher();
    const config = await resolveAppDbConfig(forLocalPostgres(lambdaEnvironment()), { fetchSecret });
    expect(fetchSecret.calls).toEqual([FAKE.secretArn]);
    expect(config).toMatchObject({ engine: "postgres", host: db.host, database: db.name, max: 1 });
    expect(await usersCount(config)).toBe(1);
  });
});
