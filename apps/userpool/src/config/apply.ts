import { CognitoError } from "../errors/cognitoErrors.js";
import { applyMfaConfig, refusedMember } from "../services/mfa/poolConfig.js";
import { normalizeClientSettings, normalizePoolSettings, type PoolSettings } from "../services/poolSettings.js";
import { regionOfPoolId, type PoolService } from "../services/pools.js";
import { ConfigError } from "./errors.js";
import type { ParsedFileConfig, PoolFileEntry } from "./fileSchema.js";

export interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Makes the database match the file: creates missing pools and clients with their fixed IDs and
 * updates ones whose settings differ. Running it again changes nothing. Pools and clients created
 * through the admin API and absent from the file are left alone.
 */
export async function applyFileConfig(
  pools: PoolService,
  cfg: ParsedFileConfig,
  env: NodeJS.ProcessEnv,
): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], unchanged: [] };
  for (const [i, entry] of cfg.UserPools.entries()) {
    const where = `UserPools[${i}] (${entry.Id})`;
    // Domain, ResourceServers, IdentityProviders and UICustomization are applied by oauth/applyConfig.ts;
    // RefreshTokenReuse and RequestRateLimits are server settings read at start (main.ts), never stored with the pool.
    const {
      Id,
      PoolName,
      Clients,
      Domain: _d,
      ResourceServers: _r,
      IdentityProviders: _i,
      UICustomization: _u,
      RefreshTokenReuse: _rr,
      RequestRateLimits: _l,
      SoftwareTokenMfaConfiguration,
      SmsMfaConfiguration,
      EmailMfaConfiguration,
      ...settings
    } = entry;
    await asConfigError(where, async () => {
      const factors = { SoftwareTokenMfaConfiguration, SmsMfaConfiguration, EmailMfaConfiguration };
      // Worked out (and so validated) before anything is written.
      const wanted = fileSettings(where, settings, factors, regionOfPoolId(Id));
      const existing = await pools.findPool(Id);
      if (!existing) {
        // CreateUserPool, then what SetUserPoolMfaConfig would store.
        const created = await pools.createPool(
          PoolName,
          { ...settings, MfaConfiguration: "OFF" },
          { id: Id, region: regionOfPoolId(Id) },
        );
        await pools.replaceSettings(created, wanted);
        result.created.push(Id);
      } else {
        for (const key of ["UsernameAttributes", "AliasAttributes", "Schema", "UsernameConfiguration"] as const) {
          if (canonical(wanted[key]) !== canonical(existing.settings[key])) {
            throw new ConfigError(
              `${where}.${key} cannot change once the pool exists (Cognito makes it immutable); ` +
                "delete the pool or its database to change it",
            );
          }
        }
        // Replicas are stored through the API only (ADR 0032); the file does not declare them, so they stay.
        const kept = existing.settings.Replicas ? { ...wanted, Replicas: existing.settings.Replicas } : wanted;
        if (canonical(kept) !== canonical(existing.settings) || PoolName !== existing.name) {
          await pools.replaceSettings({ ...existing, name: PoolName }, kept);
          result.updated.push(Id);
        } else result.unchanged.push(Id);
      }
    });
    for (const [j, c] of Clients.entries()) {
      const cwhere = `${where}.Clients[${j}] (${c.ClientId})`;
      const { ClientId, ClientName, GenerateSecret, ClientSecretFromEnv, ...clientSettings } = c;
      let secret: string | undefined;
      if (ClientSecretFromEnv) {
        secret = env[ClientSecretFromEnv];
        if (!secret)
          throw new ConfigError(
            `${cwhere}.ClientSecretFromEnv: environment variable ${ClientSecretFromEnv} is not set`,
          );
      }
      await asConfigError(cwhere, async () => {
        const existing = await pools.findClient(ClientId);
        if (!existing) {
          await pools.createClient(Id, ClientName, clientSettings, {
            id: ClientId,
            ...(GenerateSecret ? { generateSecret: true } : {}),
            ...(secret ? { secret } : {}),
          });
          result.created.push(ClientId);
          return;
        }
        if (existing.poolId !== Id)
          throw new ConfigError(`${cwhere}: client ID already belongs to pool ${existing.poolId}`);
        const currentSecret = pools.clientSecret(existing);
        // The file decides whether there is a secret; a generated one is kept across restarts.
        const secretChange =
          secret !== undefined
            ? secret !== currentSecret
              ? secret
              : undefined
            : GenerateSecret
              ? currentSecret === undefined
                ? "generate"
                : undefined
              : currentSecret !== undefined
                ? null
                : undefined;
        const settingsChanged =
          canonical(normalizeClientSettings(clientSettings)) !== canonical(existing.settings) ||
          ClientName !== existing.name;
        if (!settingsChanged && secretChange === undefined) {
          result.unchanged.push(ClientId);
          return;
        }
        if (secretChange === "generate") {
          await pools.deleteClient(Id, ClientId);
          await pools.createClient(Id, ClientName, clientSettings, { id: ClientId, generateSecret: true });
        } else {
          await pools.updateClient(Id, ClientId, clientSettings, {
            name: ClientName,
            ...(secretChange !== undefined ? { secret: secretChange } : {}),
          });
        }
        result.updated.push(ClientId);
      });
    }
  }
  return result;
}

type PoolMembers = Omit<
  PoolFileEntry,
  | "Id"
  | "PoolName"
  | "Clients"
  | "Domain"
  | "ResourceServers"
  | "IdentityProviders"
  | "UICustomization"
  | "RefreshTokenReuse"
  | "RequestRateLimits"
  | keyof MfaFactorFileMembers
>;
type MfaFactorFileMembers = Pick<
  PoolFileEntry,
  "SoftwareTokenMfaConfiguration" | "SmsMfaConfiguration" | "EmailMfaConfiguration"
>;

/**
 * The pool's settings as the file declares them. Without factor members, MfaConfiguration means what
 * it means in CreateUserPool (ON/OPTIONAL turn on SMS MFA); with any, the factors are those
 * SetUserPoolMfaConfig would turn on with the same members (one left out is off), checked by the
 * same rules. The file wins over factors set through the admin API, as it does for every setting.
 */
function fileSettings(
  where: string,
  settings: PoolMembers,
  factors: MfaFactorFileMembers,
  region: string,
): PoolSettings {
  const { SoftwareTokenMfaConfiguration, SmsMfaConfiguration, EmailMfaConfiguration } = factors;
  if (!SoftwareTokenMfaConfiguration && !SmsMfaConfiguration && !EmailMfaConfiguration)
    return normalizePoolSettings(settings, region);
  // One setting, two members: the file must not say two different things.
  for (const key of ["SmsAuthenticationMessage", "SmsConfiguration"] as const) {
    const inFactor = SmsMfaConfiguration?.[key];
    if (inFactor !== undefined && settings[key] !== undefined && canonical(inFactor) !== canonical(settings[key]))
      throw new ConfigError(`${where}.SmsMfaConfiguration.${key}: differs from the pool's ${key}; set it in one place`);
  }
  const base = normalizePoolSettings({ ...settings, MfaConfiguration: "OFF" }, region);
  try {
    return applyMfaConfig(base, { MfaConfiguration: settings.MfaConfiguration ?? "OFF", ...definedOnly(factors) });
  } catch (e) {
    const member = refusedMember(e);
    if (member && e instanceof CognitoError) throw new ConfigError(`${where}.${member}: ${e.message}`);
    throw e;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function asConfigError(where: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CognitoError) throw new ConfigError(`${where}: ${e.message}`);
    throw e;
  }
}

/** JSON with sorted keys, for order-insensitive comparison. */
function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x) =>
      x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
        : x,
    ) ?? "undefined"
  );
}
