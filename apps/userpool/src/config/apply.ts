import { CognitoError } from "../errors/cognitoErrors.js";
import { normalizeClientSettings, normalizePoolSettings } from "../services/poolSettings.js";
import { regionOfPoolId, type PoolService } from "../services/pools.js";
import { ConfigError } from "./errors.js";
import type { ParsedFileConfig } from "./fileSchema.js";

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
      ...settings
    } = entry;
    await asConfigError(where, async () => {
      const existing = await pools.findPool(Id);
      if (!existing) {
        await pools.createPool(PoolName, settings, { id: Id, region: regionOfPoolId(Id) });
        result.created.push(Id);
      } else {
        const wanted = normalizePoolSettings(settings, regionOfPoolId(Id));
        for (const key of ["UsernameAttributes", "AliasAttributes", "Schema", "UsernameConfiguration"] as const) {
          if (canonical(wanted[key]) !== canonical(existing.settings[key])) {
            throw new ConfigError(
              `${where}.${key} cannot change once the pool exists (Cognito makes it immutable); ` +
                "delete the pool or its database to change it",
            );
          }
        }
        if (canonical(wanted) !== canonical(existing.settings) || PoolName !== existing.name) {
          await pools.updatePool(Id, settings, PoolName);
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
