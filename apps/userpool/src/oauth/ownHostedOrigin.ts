/**
 * The development configs (userpool.config.json, config/userpool.stack.json) point their development
 * providers at this server's own hosted listener by its default address, https://localhost:9443
 * (docs/conventions.md): DevGoogle's issuer, the social doubles' endpoints, DevSAML's MetadataURL. The stack
 * moves that origin to the ports it really uses (scripts/lib/stackConfig.ts); a server started on its own with
 * another hosted port (USERPOOL_HTTPS_PORT, or 0 as embedded runs and tests use) does the same here, before the
 * identity providers are applied, so DevSAML's metadata is fetched from this server and not from whatever else
 * listens on 9443 (ADR 0055). Development only, and only while the hosted base is the listener's own
 * https://localhost:<port> (a configured USERPOOL_HOSTED_BASE is the operator's to name).
 */
import type { ParsedFileConfig } from "../config/fileSchema.js";
import type { Mode } from "../config/runtime.js";
import { DEFAULT_HTTPS_PORT } from "../tls/config.js";

export const DEFAULT_HOSTED_ORIGIN = `https://localhost:${DEFAULT_HTTPS_PORT}`;

const onOrigin = (value: string, origin: string) => value === origin || value.startsWith(`${origin}/`);

/**
 * `cfg` with DEFAULT_HOSTED_ORIGIN in identity providers' ProviderDetails moved to `hostedBase` (empty: the hosted
 * listener is off). When this server serves no development routes there (the hosted listener off, or production,
 * reached only through USERPOOL_ALLOW_DEVELOPMENT_CONFIG), a provider whose MetadataURL is a development route on
 * that origin (/_dev/…) is left out, named in `skipped`: nothing would serve its metadata, nor its sign-in, and the
 * fetch would fail the start.
 */
export function withOwnHostedOrigin(
  cfg: ParsedFileConfig,
  hostedBase: string,
  mode: Mode,
): { config: ParsedFileConfig; moved: boolean; skipped: string[] } {
  const unserved = !hostedBase || mode === "production";
  const move =
    mode === "development" && hostedBase !== DEFAULT_HOSTED_ORIGIN && /^https:\/\/localhost:\d+$/.test(hostedBase);
  if (!unserved && !move) return { config: cfg, moved: false, skipped: [] };
  let moved = false;
  const skipped: string[] = [];
  const UserPools = cfg.UserPools.map((pool) => ({
    ...pool,
    IdentityProviders: pool.IdentityProviders.flatMap((idp) => {
      const metadataUrl = idp.ProviderDetails.MetadataURL;
      if (unserved) {
        if (metadataUrl?.startsWith(`${DEFAULT_HOSTED_ORIGIN}/_dev/`)) {
          skipped.push(`${pool.Id}/${idp.ProviderName}`);
          return [];
        }
        return [idp];
      }
      const details = Object.fromEntries(
        Object.entries(idp.ProviderDetails).map(([k, v]) => {
          if (!onOrigin(v, DEFAULT_HOSTED_ORIGIN)) return [k, v];
          moved = true;
          return [k, `${hostedBase}${v.slice(DEFAULT_HOSTED_ORIGIN.length)}`];
        }),
      );
      return [{ ...idp, ProviderDetails: details }];
    }),
  }));
  if (!moved && !skipped.length) return { config: cfg, moved, skipped };
  return { config: { ...cfg, UserPools }, moved, skipped };
}
