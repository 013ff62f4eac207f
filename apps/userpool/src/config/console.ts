/**
 * The admin console's settings (ADR 0052): on or off, the directory of its built pages, and who may
 * sign in in production: an admin credential always, and members of one group of one pool when all
 * three of pool, group and client are named; and how long its audit log is kept (ADR 0056). Each setting
 * comes from the startUserpool option, else its USERPOOL_CONSOLE_* variable, else the config file's
 * `Console` member.
 */
import { existsSync, statSync } from "node:fs";
import type { Logger } from "../log.js";
import type { Client, Pool, PoolService } from "../services/pools.js";
import { assertFlowAllowed } from "../services/authFlows.js";
import type { ParsedFileConfig } from "./fileSchema.js";
import { auditRetentionDays, readUserpoolEnv, readVariable } from "./env.js";
import { ConfigError } from "./errors.js";
import type { Mode } from "./runtime.js";

export interface ConsoleOptions {
  /** USERPOOL_CONSOLE: default on in development, off in production. */
  enabled?: boolean;
  /** USERPOOL_CONSOLE_ADMIN_POOL. */
  adminUserPoolId?: string;
  /** USERPOOL_CONSOLE_ADMIN_GROUP. */
  adminGroup?: string;
  /** USERPOOL_CONSOLE_ADMIN_CLIENT. */
  adminClientId?: string;
  /** USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: whole days, 1..3650. */
  auditRetentionDays?: number;
}

/**
 * A year by default (ADR 0056). OWASP ASVS 5.0 (16.1.1) asks that how long logs are kept be documented, not for a
 * length; a year is PCI DSS 4.0's floor for audit logs (10.5.1), as compromises often go unnoticed for months.
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
const DAY_MS = 86_400_000;

export interface ConsoleAdminGroup {
  poolId: string;
  group: string;
  clientId: string;
}

export interface ConsoleConfig {
  enabled: boolean;
  /** Absolute directory of the built console; undefined: its pages answer 404. */
  dir: string | undefined;
  /** Production: the group whose members may sign in (undefined: admin credentials only). */
  adminGroup: ConsoleAdminGroup | undefined;
  /** Audit entries older than this are deleted by housekeeping, whether the console is on or off. */
  auditRetentionMs: number;
}

/** Resolves the console's settings; a partial admin group is refused, naming what is missing. */
export function resolveConsoleConfig(
  env: NodeJS.ProcessEnv,
  o: { consoleDir?: string; console?: ConsoleOptions },
  file: ParsedFileConfig["Console"],
  mode: Mode,
): ConsoleConfig {
  const vars = readUserpoolEnv(env);
  const enabledVar = vars.USERPOOL_CONSOLE;
  const enabled =
    o.console?.enabled ?? (enabledVar !== undefined ? enabledVar === "on" : (file?.Enabled ?? mode === "development"));
  const dir =
    o.consoleDir !== undefined ? readVariable("USERPOOL_CONSOLE_DIR", o.consoleDir) : vars.USERPOOL_CONSOLE_DIR;
  const named = {
    USERPOOL_CONSOLE_ADMIN_POOL:
      o.console?.adminUserPoolId ?? vars.USERPOOL_CONSOLE_ADMIN_POOL ?? file?.AdminUserPoolId,
    USERPOOL_CONSOLE_ADMIN_GROUP: o.console?.adminGroup ?? vars.USERPOOL_CONSOLE_ADMIN_GROUP ?? file?.AdminGroup,
    USERPOOL_CONSOLE_ADMIN_CLIENT:
      o.console?.adminClientId ?? vars.USERPOOL_CONSOLE_ADMIN_CLIENT ?? file?.AdminClientId,
  };
  const given = Object.entries(named).filter(([, v]) => v);
  const missing = Object.entries(named).filter(([, v]) => !v);
  if (given.length && missing.length)
    throw new ConfigError(
      `the console's admin group is incomplete: ${given.map(([k]) => k).join(", ")} ` +
        `${given.length === 1 ? "is" : "are"} set but ${missing.map(([k]) => k).join(", ")} ` +
        `${missing.length === 1 ? "is" : "are"} not (or Console.AdminUserPoolId, AdminGroup, AdminClientId ` +
        "in the config file); name all three, or none to sign in with admin credentials only",
    );
  // The option is checked as strictly as the variable: a setting is refused, never accepted and ignored.
  const option = o.console?.auditRetentionDays;
  const retentionDays =
    (option !== undefined ? auditRetentionDays(String(option), "console.auditRetentionDays") : undefined) ??
    vars.USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS ??
    file?.AuditRetentionDays ??
    DEFAULT_AUDIT_RETENTION_DAYS;
  return {
    enabled,
    dir,
    auditRetentionMs: retentionDays * DAY_MS,
    adminGroup: given.length
      ? {
          poolId: named.USERPOOL_CONSOLE_ADMIN_POOL!,
          group: named.USERPOOL_CONSOLE_ADMIN_GROUP!,
          clientId: named.USERPOOL_CONSOLE_ADMIN_CLIENT!,
        }
      : undefined,
  };
}

/**
 * Once the config file is applied: the admin group's pool and client must exist, and the client must
 * sign members in without a secret through ADMIN_USER_PASSWORD_AUTH; otherwise nobody could sign in
 * and the start is refused. A missing group only warns: an admin credential can create it from the console.
 */
export async function checkConsoleAdminGroup(
  c: ConsoleConfig,
  pools: Pick<PoolService, "findPool" | "findClient">,
  groupExists: (pool: Pool, name: string) => Promise<boolean>,
  log: Logger,
): Promise<void> {
  const g = c.enabled ? c.adminGroup : undefined;
  if (!g) return;
  const pool = await pools.findPool(g.poolId);
  if (!pool)
    throw new ConfigError(
      `USERPOOL_CONSOLE_ADMIN_POOL names pool ${g.poolId}, which does not exist ` +
        "(declare it in the config file or create it first)",
    );
  const client: Client | undefined = await pools.findClient(g.clientId);
  if (!client || client.poolId !== pool.id)
    throw new ConfigError(
      `USERPOOL_CONSOLE_ADMIN_CLIENT names client ${g.clientId}, which is not a client of ${pool.id}`,
    );
  if (client.secrets.length)
    throw new ConfigError(
      `USERPOOL_CONSOLE_ADMIN_CLIENT: client ${g.clientId} has a secret; ` +
        "the console signs in with a client without one",
    );
  try {
    assertFlowAllowed(client, "ADMIN_USER_PASSWORD_AUTH");
  } catch {
    throw new ConfigError(
      `USERPOOL_CONSOLE_ADMIN_CLIENT: client ${g.clientId} must allow ALLOW_ADMIN_USER_PASSWORD_AUTH ` +
        "(the console signs members in through the pool's own password and MFA checks)",
    );
  }
  if (!(await groupExists(pool, g.group)))
    log.warn(
      { pool: pool.id, group: g.group },
      "USERPOOL_CONSOLE_ADMIN_GROUP names a group that does not exist yet: only admin credentials can sign in",
    );
}

/** Whether a directory holds the console's index.html (checked per request: a later build counts). */
export function consoleIndexExists(dir: string | undefined): boolean {
  if (!dir) return false;
  try {
    return statSync(dir).isDirectory() && existsSync(`${dir}/index.html`);
  } catch {
    return false;
  }
}
