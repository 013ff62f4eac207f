/**
 * Applies the OAuth members of the config file at start, after the pools and clients exist:
 * domain, resource servers, identity providers, branding. Idempotent like applyFileConfig: running
 * it again changes nothing; entries created through the admin API and absent from the file stay.
 */
import { DEFAULT_USERNAME_CLAIM, isSocialType } from "../services/socialProviderDetails.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import { ConfigError } from "../config/errors.js";
import type { ParsedFileConfig } from "../config/fileSchema.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "domains" | "resourceServers" | "identityProviders" | "branding">;

export async function applyOAuthFileConfig(deps: Deps, cfg: ParsedFileConfig, env: NodeJS.ProcessEnv): Promise<void> {
  for (const [i, entry] of cfg.UserPools.entries()) {
    const where = `UserPools[${i}] (${entry.Id})`;
    try {
      const pool = await deps.pools.getPool(entry.Id);
      if (entry.Domain) {
        const current = await deps.domains.forPool(pool.id);
        if (!current) await deps.domains.create(pool.id, entry.Domain, entry.Domain.includes(".") ? {} : undefined);
        else if (current.domain !== entry.Domain)
          throw new ConfigError(
            `${where}.Domain: the pool already has domain ${current.domain}; ` +
              "delete it (DeleteUserPoolDomain) to change it",
          );
      }
      for (const rs of entry.ResourceServers) {
        const existing = (await deps.resourceServers.list(pool.id, 50)).servers.find(
          (s) => s.identifier === rs.Identifier,
        );
        if (!existing) await deps.resourceServers.create(pool.id, rs.Identifier, rs.Name, rs.Scopes);
        else if (existing.name !== rs.Name || JSON.stringify(existing.scopes) !== JSON.stringify(rs.Scopes ?? []))
          await deps.resourceServers.update(pool.id, rs.Identifier, rs.Name, rs.Scopes);
      }
      for (const [j, idp] of entry.IdentityProviders.entries()) {
        const details = { ...idp.ProviderDetails };
        if (idp.ClientSecretFromEnv) {
          const secret = env[idp.ClientSecretFromEnv];
          if (!secret)
            throw new ConfigError(
              `${where}.IdentityProviders[${j}].ClientSecretFromEnv: ` +
                `environment variable ${idp.ClientSecretFromEnv} is not set`,
            );
          details.client_secret = secret;
        }
        const existing = await deps.identityProviders.find(pool.id, idp.ProviderName);
        const wanted = {
          details,
          ...(idp.AttributeMapping ? { attributeMapping: idp.AttributeMapping } : {}),
          ...(idp.IdpIdentifiers ? { idpIdentifiers: idp.IdpIdentifiers } : {}),
        };
        if (!existing)
          await deps.identityProviders.create(pool, { name: idp.ProviderName, type: idp.ProviderType, ...wanted });
        else if (existing.type !== idp.ProviderType)
          throw new ConfigError(
            `${where}.IdentityProviders[${j}].ProviderType cannot change; delete the provider to change it`,
          );
        else {
          const merged = { ...existing.details, ...details };
          const username = isSocialType(existing.type) ? DEFAULT_USERNAME_CLAIM[existing.type] : "sub";
          const mapping = { username, ...(idp.AttributeMapping ?? {}) };
          if (
            JSON.stringify(merged) !== JSON.stringify(existing.details) ||
            JSON.stringify(mapping) !== JSON.stringify(existing.attributeMapping) ||
            JSON.stringify(idp.IdpIdentifiers ?? existing.idpIdentifiers) !== JSON.stringify(existing.idpIdentifiers)
          ) {
            await deps.identityProviders.update(pool, idp.ProviderName, wanted);
          }
        }
      }
      const ui = entry.UICustomization;
      if (ui)
        deps.branding.set(pool.id, {
          ...(ui.CSS ? { css: ui.CSS } : {}),
          ...(ui.ImageFile ? { logo: logoDataUri(ui.ImageFile) } : {}),
        });
    } catch (e) {
      if (e instanceof CognitoError) throw new ConfigError(`${where}: ${e.message}`);
      throw e;
    }
  }
}

/** ImageFile as Cognito takes it (base64), typed by its magic bytes. */
function logoDataUri(b64: string): string {
  const head = Buffer.from(b64.slice(0, 24), "base64");
  const type =
    head[0] === 0x89 && head[1] === 0x50
      ? "image/png"
      : head[0] === 0xff && head[1] === 0xd8
        ? "image/jpeg"
        : "image/svg+xml";
  return `data:${type};base64,${b64}`;
}
