/**
 * Risk configurations (SetRiskConfiguration / DescribeRiskConfiguration): one for the pool and one per
 * app client that has its own; a client without one uses the pool's (API reference, RiskConfigurationType:
 * "the risk configuration applies to all user pool app clients that don't have client-level settings").
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type {
  AccountTakeoverActionType,
  AccountTakeoverRiskConfigurationType,
  CompromisedCredentialsRiskConfigurationType,
  RiskConfigurationType,
  RiskExceptionConfigurationType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../../clock.js";
import { InvalidParameterException, UserPoolAddOnNotEnabledException } from "../../errors/cognitoErrors.js";
import type { Store } from "../../store/index.js";
import type { Pool } from "../pools.js";

export interface RiskSettings {
  CompromisedCredentialsRiskConfiguration?: CompromisedCredentialsRiskConfigurationType | undefined;
  AccountTakeoverRiskConfiguration?: AccountTakeoverRiskConfigurationType | undefined;
  RiskExceptionConfiguration?: RiskExceptionConfigurationType | undefined;
}

export type ProtectionMode = "OFF" | "AUDIT" | "ENFORCED";

/** The pool's threat protection mode (UserPoolAddOns.AdvancedSecurityMode; OFF when unset). */
export function protectionMode(pool: Pool): ProtectionMode {
  return pool.settings.UserPoolAddOns?.AdvancedSecurityMode ?? "OFF";
}

/** Threat protection operations need it on (AUDIT or ENFORCED), as Cognito's do. */
export function requireProtection(pool: Pool): void {
  if (protectionMode(pool) === "OFF")
    throw new UserPoolAddOnNotEnabledException(
      "Threat protection is not enabled for this user pool: set UserPoolAddOns.AdvancedSecurityMode to AUDIT or " +
        "ENFORCED (Plus feature plan).",
    );
}

/** A CIDR list as a BlockList; a bad entry is refused naming its list. */
export function cidrList(list: readonly string[], member: string): BlockList {
  const b = new BlockList();
  for (const entry of list) {
    const [address, bits, ...rest] = entry.split("/");
    const prefix = Number(bits);
    const v4 = address !== undefined && isIPv4(address);
    const ok =
      rest.length === 0 &&
      address !== undefined &&
      (v4 || isIPv6(address)) &&
      bits !== undefined &&
      /^\d{1,3}$/u.test(bits) &&
      prefix <= (v4 ? 32 : 128);
    if (!ok)
      throw new InvalidParameterException(`${member} entry ${entry} is not an IP address range in CIDR notation.`);
    b.addSubnet(address, prefix, v4 ? "ipv4" : "ipv6");
  }
  return b;
}

/** Whether `ip` falls in one of the ranges (an IPv4-mapped IPv6 address counts as its IPv4 address). */
export function inRanges(list: readonly string[] | undefined, ip: string | null): boolean {
  if (!list?.length || !ip) return false;
  const plain = ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  const family = isIPv4(plain) ? "ipv4" : isIPv6(plain) ? "ipv6" : undefined;
  return family !== undefined && cidrList(list, "range").check(plain, family);
}

const ACTION_NAMES = ["LowAction", "MediumAction", "HighAction"] as const;

/** Cross-member rules the shapes cannot state. */
function check(s: RiskSettings): void {
  const ato = s.AccountTakeoverRiskConfiguration;
  if (ato) {
    const actions = ACTION_NAMES.map((n) => ato.Actions?.[n]).filter((a): a is AccountTakeoverActionType => !!a);
    if (actions.some((a) => a.Notify) && !ato.NotifyConfiguration)
      throw new InvalidParameterException(
        "AccountTakeoverRiskConfiguration.NotifyConfiguration is required when an action has Notify true.",
      );
    for (const t of ["BlockEmail", "NoActionEmail", "MfaEmail"] as const) {
      const e = ato.NotifyConfiguration?.[t];
      if (e && !e.HtmlBody && !e.TextBody)
        throw new InvalidParameterException(
          `AccountTakeoverRiskConfiguration.NotifyConfiguration.${t} needs an HtmlBody or a TextBody.`,
        );
    }
  }
  const ex = s.RiskExceptionConfiguration;
  cidrList(ex?.BlockedIPRangeList ?? [], "RiskExceptionConfiguration.BlockedIPRangeList");
  cidrList(ex?.SkippedIPRangeList ?? [], "RiskExceptionConfiguration.SkippedIPRangeList");
}

export class RiskConfigService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /**
   * SetRiskConfiguration: stores the configuration of the pool (clientId undefined) or of a client.
   * A request with none of the three configurations deletes it: the pool's goes back to defaults, a
   * client's back to inheriting the pool's (API reference, SetRiskConfiguration).
   */
  async set(pool: Pool, clientId: string | undefined, s: RiskSettings): Promise<RiskConfigurationType> {
    requireProtection(pool);
    check(s);
    const key = clientId ?? "";
    const given = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as RiskSettings;
    if (Object.keys(given).length === 0) {
      await this.deps.store.risk.deleteConfiguration(pool.id, key);
      return this.describe(pool, clientId);
    }
    await this.deps.store.risk.putConfiguration(pool.id, key, JSON.stringify(given), this.deps.clock.now().getTime());
    return this.describe(pool, clientId);
  }

  /** DescribeRiskConfiguration: the stored configuration, or just the IDs when there is none. */
  async describe(pool: Pool, clientId: string | undefined): Promise<RiskConfigurationType> {
    requireProtection(pool);
    const row = await this.deps.store.risk.getConfiguration(pool.id, clientId ?? "");
    const ids = { UserPoolId: pool.id, ...(clientId ? { ClientId: clientId } : {}) };
    if (!row) return ids;
    return {
      ...ids,
      ...(JSON.parse(row.configuration) as RiskSettings),
      LastModifiedDate: new Date(row.updatedAt),
    };
  }

  /** What applies to a request through `clientId`: the client's own configuration, else the pool's, else none. */
  async effective(poolId: string, clientId: string | undefined): Promise<RiskSettings> {
    const row =
      (clientId ? await this.deps.store.risk.getConfiguration(poolId, clientId) : undefined) ??
      (await this.deps.store.risk.getConfiguration(poolId, ""));
    return row ? (JSON.parse(row.configuration) as RiskSettings) : {};
  }
}
