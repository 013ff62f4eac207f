/**
 * Where the app database lives, chosen the way the tutorial chose it: by DB_ENV.
 *
 * - development: SQLite file (default `.data/app.sqlite` under the repo root, or APP_SQLITE_FILE);
 * - testing: SQLite in memory unless APP_SQLITE_FILE says otherwise (fresh per test file);
 * - production: PostgreSQL from DATABASE_URL, the RDS_* variables Elastic Beanstalk sets,
 *   or DB_SECRET_ARN (the RDS-generated secret in Secrets Manager).
 *
 * DATABASE_URL selects PostgreSQL in every environment, so the whole stack can run on it locally.
 */
export type DbEnv = "development" | "testing" | "production";

export type AppDbConfig =
  | { engine: "sqlite"; file: string }
  | {
      engine: "postgres";
      connectionString?: string;
      host?: string;
      port?: number;
      user?: string;
      password?: string;
      database?: string;
      ssl?: boolean;
      max?: number;
    };

export type SecretFetcher = (secretArn: string) => Promise<string>;

export class AppDbConfigError extends Error {
  override name = "AppDbConfigError";
}

const DB_ENVS: readonly DbEnv[] = ["development", "testing", "production"];

/** Reads DB_ENV and friends; fetches the RDS secret only when DB_SECRET_ARN is the source. */
export async function resolveAppDbConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { defaultSqliteFile?: string; fetchSecret?: SecretFetcher } = {},
): Promise<AppDbConfig> {
  const dbEnv = (env.DB_ENV ?? "development") as DbEnv;
  if (!DB_ENVS.includes(dbEnv))
    throw new AppDbConfigError(`DB_ENV must be one of ${DB_ENVS.join(", ")}; got "${env.DB_ENV}"`);
  const max = env.DB_POOL_MAX ? positiveInt(env.DB_POOL_MAX, "DB_POOL_MAX") : undefined;
  const ssl = env.DB_SSL === undefined ? undefined : env.DB_SSL === "true";

  if (env.DATABASE_URL) return withOptional({ engine: "postgres", connectionString: env.DATABASE_URL }, { max, ssl });

  if (dbEnv === "production") {
    if (env.RDS_HOSTNAME) {
      for (const name of ["RDS_USERNAME", "RDS_PASSWORD", "RDS_DB_NAME"] as const) {
        if (!env[name]) throw new AppDbConfigError(`${name} is required when RDS_HOSTNAME is set`);
      }
      return withOptional(
        {
          engine: "postgres",
          host: env.RDS_HOSTNAME,
          port: env.RDS_PORT ? positiveInt(env.RDS_PORT, "RDS_PORT") : 5432,
          // Checked present just above.
          user: env.RDS_USERNAME!,
          password: env.RDS_PASSWORD!,
          database: env.RDS_DB_NAME!,
        },
        { max, ssl },
      );
    }
    if (env.DB_SECRET_ARN) {
      const raw = await (options.fetchSecret ?? fetchSecretFromSecretsManager)(env.DB_SECRET_ARN);
      return withOptional(parseRdsSecret(raw, env.RDS_DB_NAME), { max, ssl });
    }
    throw new AppDbConfigError(
      "DB_ENV=production needs DATABASE_URL, RDS_HOSTNAME (with RDS_USERNAME, RDS_PASSWORD, RDS_DB_NAME) " +
        "or DB_SECRET_ARN",
    );
  }

  const file =
    env.APP_SQLITE_FILE ?? (dbEnv === "testing" ? ":memory:" : (options.defaultSqliteFile ?? ".data/app.sqlite"));
  return { engine: "sqlite", file };
}

/** Parses the JSON secret RDS generates: { username, password, host, port, dbname, engine }. */
export function parseRdsSecret(raw: string, databaseOverride?: string): AppDbConfig {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new AppDbConfigError("DB_SECRET_ARN does not hold a JSON secret");
  }
  const str = (k: string) => (typeof value[k] === "string" && value[k] !== "" ? (value[k] as string) : undefined);
  const host = str("host");
  const user = str("username");
  const password = str("password");
  if (!host || !user || !password) throw new AppDbConfigError("the database secret lacks host, username or password");
  const port = typeof value.port === "number" ? value.port : Number(value.port ?? 5432);
  return { engine: "postgres", host, port, user, password, database: databaseOverride ?? str("dbname") ?? "postgres" };
}

async function fetchSecretFromSecretsManager(secretArn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!out.SecretString) throw new AppDbConfigError("the database secret has no SecretString");
  return out.SecretString;
}

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new AppDbConfigError(`${name} must be a positive integer; got "${raw}"`);
  return n;
}

function withOptional(
  config: AppDbConfig,
  extra: { max?: number | undefined; ssl?: boolean | undefined },
): AppDbConfig {
  if (config.engine !== "postgres") return config;
  const out = { ...config };
  if (extra.max !== undefined) out.max = extra.max;
  if (extra.ssl !== undefined) out.ssl = extra.ssl;
  return out;
}
