/**
 * Request-rate limit settings (docs/security/rate-limits.md), from USERPOOL_RATE_LIMITS,
 * USERPOOL_RATE_LIMIT_CATEGORIES, USERPOOL_RATE_LIMIT_ADDRESSES and USERPOOL_TRUSTED_PROXY_HOPS
 * (config/env.ts) and startUserpool's `rateLimits` option. Without a setting, limits are off in
 * development and Cognito's quotas plus ADDRESS_LIMITS_PER_MINUTE in production.
 *
 * A limit that is named (in a variable, in the option, or in a pool's `RequestRateLimits`
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
import { MAX_LIMIT, MAX_PROXY_HOPS, readUserpoolEnv, type LimitValue } from "./env.js";
import { ConfigError } from "./errors.js";

export { MAX_LIMIT, type LimitValue } from "./env.js";

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

export function resolveRateLimits(env: NodeJS.ProcessEnv, o: RateLimitOverrides, prod: boolean): RateLimitSettings {
  const vars = readUserpoolEnv(env);
  const mode = o.mode ?? vars.USERPOOL_RATE_LIMITS ?? (prod ? "on" : "off");
  if (o.mode !== undefined && o.mode !== "on" && o.mode !== "off")
    throw new ConfigError(`rateLimits.mode must be "on" or "off"; got "${String(o.mode)}"`);
  const categoryNamed = {
    ...vars.USERPOOL_RATE_LIMIT_CATEGORIES,
    ...checkNamed(o.categories, "rateLimits.categories", CATEGORIES),
  };
  const addressNamed = {
    ...vars.USERPOOL_RATE_LIMIT_ADDRESSES,
    ...checkNamed(o.addresses, "rateLimits.addresses", ADDRESS_ENDPOINTS),
  };
  const on = mode === "on";
  const hopsGiven = o.trustedProxyHops ?? vars.USERPOOL_TRUSTED_PROXY_HOPS;
  if (hopsGiven !== undefined && (!Number.isInteger(hopsGiven) || hopsGiven < 0 || hopsGiven > MAX_PROXY_HOPS)) {
    throw new ConfigError(
      `rateLimits.trustedProxyHops must be an integer 0..${MAX_PROXY_HOPS}; got ${String(hopsGiven)}`,
    );
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
