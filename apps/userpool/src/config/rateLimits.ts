/**
 * Request-rate limit settings (docs/security/rate-limits.md):
 *
 * | variable | meaning | development default | production default |
 * | --- | --- | --- | --- |
 * | USERPOOL_RATE_LIMITS | `on`: Cognito's category quotas per pool and the per-address limits; `off`: neither |
 *   off | on |
 * | USERPOOL_RATE_LIMIT_CATEGORIES | `Category=n` or `Category=off`, comma-separated: requests per second per pool |
 *   Cognito's numbers (when on) | |
 * | USERPOOL_RATE_LIMIT_ADDRESSES | `Endpoint=n` or `Endpoint=off`, comma-separated: requests per minute per client
 *   address | ADDRESS_LIMITS_PER_MINUTE (when on) | |
 * | USERPOOL_TRUSTED_PROXY_HOPS | proxies in front of both listeners that append X-Forwarded-For; 0 ignores the
 *   header | 0 | 0; must be set behind USERPOOL_TLS_PROXY |
 *
 * A limit that is named (here, in startUserpool's `rateLimits`, or in a pool's `RequestRateLimits`
 * in the config file) is enforced even when USERPOOL_RATE_LIMITS is off: off only drops the
 * defaults. An unknown name or a bad number stops the start with ConfigError naming it.
 */
import {
  ADDRESS_ENDPOINTS,
  ADDRESS_LIMITS_PER_MINUTE,
  CATEGORIES,
  CATEGORY_RPS,
  type AddressEndpoint,
  type Category,
} from "../services/requestRates/categories.js";
import { ConfigError } from "./errors.js";

export type LimitValue = number | "off";

/** startUserpool's `rateLimits` option; each member wins over its variable. */
export interface RateLimitOverrides {
  mode?: "on" | "off";
  categories?: Partial<Record<Category, LimitValue>>;
  addresses?: Partial<Record<AddressEndpoint, LimitValue>>;
  trustedProxyHops?: number;
}

export interface RateLimitSettings {
  /** Requests per second per pool; a category absent here is not limited. */
  categories: Partial<Record<Category, number>>;
  /** Requests per minute per client address; an endpoint absent here is not limited. */
  addresses: Partial<Record<AddressEndpoint, number>>;
  trustedProxyHops: number;
  /** Whether USERPOOL_TRUSTED_PROXY_HOPS (or the option) was given at all. */
  trustedProxyHopsSet: boolean;
}

/** The largest value accepted for any limit; beyond it a limit means nothing. */
export const MAX_LIMIT = 1_000_000;
const MAX_HOPS = 10;

export function resolveRateLimits(env: NodeJS.ProcessEnv, o: RateLimitOverrides, prod: boolean): RateLimitSettings {
  const mode = o.mode ?? parseMode(env.USERPOOL_RATE_LIMITS, prod);
  if (o.mode !== undefined && o.mode !== "on" && o.mode !== "off")
    throw new ConfigError(`rateLimits.mode must be "on" or "off"; got "${String(o.mode)}"`);
  const categoryNamed = {
    ...parseList(env.USERPOOL_RATE_LIMIT_CATEGORIES, "USERPOOL_RATE_LIMIT_CATEGORIES", CATEGORIES),
    ...checkNamed(o.categories, "rateLimits.categories", CATEGORIES),
  };
  const addressNamed = {
    ...parseList(env.USERPOOL_RATE_LIMIT_ADDRESSES, "USERPOOL_RATE_LIMIT_ADDRESSES", ADDRESS_ENDPOINTS),
    ...checkNamed(o.addresses, "rateLimits.addresses", ADDRESS_ENDPOINTS),
  };
  const on = mode === "on";
  const hopsGiven =
    o.trustedProxyHops ??
    (env.USERPOOL_TRUSTED_PROXY_HOPS !== undefined ? parseHops(env.USERPOOL_TRUSTED_PROXY_HOPS) : undefined);
  if (hopsGiven !== undefined && (!Number.isInteger(hopsGiven) || hopsGiven < 0 || hopsGiven > MAX_HOPS)) {
    throw new ConfigError(`rateLimits.trustedProxyHops must be an integer 0..${MAX_HOPS}; got ${String(hopsGiven)}`);
  }
  return {
    categories: effective(on ? CATEGORY_RPS : {}, categoryNamed),
    addresses: effective(on ? ADDRESS_LIMITS_PER_MINUTE : {}, addressNamed),
    trustedProxyHops: hopsGiven ?? 0,
    trustedProxyHopsSet: hopsGiven !== undefined,
  };
}

/**
 * Behind a TLS-terminating proxy every request arrives from the proxy's address. Counting per
 * address without reading X-Forwarded-For would throttle every client together, so production
 * refuses it until the operator says how many proxies append the header (0 is an answer too).
 */
export function checkProxyAddresses(settings: RateLimitSettings, o: { prod: boolean; behindTlsProxy: boolean }): void {
  if (o.prod && o.behindTlsProxy && Object.keys(settings.addresses).length > 0 && !settings.trustedProxyHopsSet) {
    throw new ConfigError(
      "USERPOOL_TLS_PROXY=true with per-address rate limits needs USERPOOL_TRUSTED_PROXY_HOPS: " +
        "the number of proxies in front that append X-Forwarded-For (0 if none does), " +
        "so requests are counted per client and not all under the proxy's address",
    );
  }
}

/** Per-pool limits from the config file (`RequestRateLimits`), already validated by the file schema. */
export type PoolRateLimits = Partial<Record<Category, LimitValue>>;

function parseMode(v: string | undefined, prod: boolean): "on" | "off" {
  if (v === undefined || v === "") return prod ? "on" : "off";
  if (v === "on" || v === "off") return v;
  throw new ConfigError(`USERPOOL_RATE_LIMITS must be "on" or "off"; got "${v}"`);
}

function parseHops(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > MAX_HOPS)
    throw new ConfigError(`USERPOOL_TRUSTED_PROXY_HOPS must be an integer 0..${MAX_HOPS}; got "${v}"`);
  return n;
}

/** `Name=n,Name=off` → a map, refusing unknown names, repeats and bad values by name. */
function parseList<N extends string>(
  v: string | undefined,
  variable: string,
  names: readonly N[],
): Partial<Record<N, LimitValue>> {
  const out: Partial<Record<N, LimitValue>> = {};
  if (v === undefined || v.trim() === "") return out;
  for (const item of v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? "" : item.slice(eq + 1).trim();
    if (!(names as readonly string[]).includes(name))
      throw new ConfigError(`${variable}: unknown name "${name}"; known: ${names.join(", ")}`);
    if (name in out) throw new ConfigError(`${variable}: ${name} is given twice`);
    out[name as N] = parseValue(value, `${variable} ${name}`);
  }
  return out;
}

function parseValue(value: string, where: string): LimitValue {
  if (value === "off") return "off";
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT)
    throw new ConfigError(`${where} must be an integer 1..${MAX_LIMIT} or "off"; got "${value}"`);
  return n;
}

function checkNamed<N extends string>(
  given: Partial<Record<string, LimitValue>> | undefined,
  option: string,
  names: readonly N[],
): Partial<Record<N, LimitValue>> {
  if (!given) return {};
  for (const [name, value] of Object.entries(given)) {
    if (!(names as readonly string[]).includes(name))
      throw new ConfigError(`${option}: unknown name "${name}"; known: ${names.join(", ")}`);
    if (value !== "off" && (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT)) {
      throw new ConfigError(
        `${option}.${name} must be an integer 1..${MAX_LIMIT} or "off"; got ${JSON.stringify(value)}`,
      );
    }
  }
  return given as Partial<Record<N, LimitValue>>;
}

function effective<N extends string>(
  defaults: Partial<Record<N, number>>,
  named: Partial<Record<N, LimitValue>>,
): Partial<Record<N, number>> {
  const out: Partial<Record<N, number>> = { ...defaults };
  for (const [name, value] of Object.entries(named) as [N, LimitValue][]) {
    if (value === "off") delete out[name];
    else out[name] = value;
  }
  return out;
}
