/**
 * The declarative configuration file (userpool.config.json). Pools and app clients use Cognito's
 * own member names (those of CreateUserPool / CreateUserPoolClient), so every setting means what
 * the Cognito API reference says it means, plus fixed IDs so the web app and API can be configured
 * statically. See docs/userpool.md for the full reference.
 */
import { z } from "zod";
import { ClientName, UserPoolName } from "../protocol/fields.js";
import { ClientSecret, ClientSettingsInput, MfaFactorMembers, PoolSettingsInput } from "../protocol/poolShapes.js";
import { DevGoogleFileEntry, OAuthPoolFileMembers } from "../oauth/fileConfig.js";
import { REFRESH_TOKEN_REUSE } from "../services/refresh.js";
import { CATEGORIES, type Category } from "../services/requestRates/categories.js";
import { MAX_AUDIT_RETENTION_DAYS, MIN_AUDIT_RETENTION_DAYS } from "./env.js";
import { MAX_LIMIT } from "./rateLimits.js";

export const ClientFileEntry = ClientSettingsInput.extend({
  /** Fixed client ID: 26 lower-case letters and digits, as Cognito mints them. */
  ClientId: z.string().regex(/^[a-z0-9]{26}$/, "must be 26 lower-case letters and digits"),
  ClientName,
  /** Generate a secret once (kept across restarts); public browser clients must not have one. */
  GenerateSecret: z.boolean().optional(),
  /** Name of an environment variable holding the client secret (secrets never live in this file). */
  ClientSecretFromEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name")
    .optional(),
});
export type ClientFileEntry = z.infer<typeof ClientFileEntry>;

export const PoolFileEntry = PoolSettingsInput.extend({
  /** Fixed pool ID: `<region>_<9 letters or digits>`, e.g. us-east-1_AuthHub01. */
  Id: z
    .string()
    .regex(
      /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]{9}$/,
      "must look like us-east-1_AuthHub01 (region, underscore, 9 letters or digits)",
    ),
  PoolName: UserPoolName,
  Clients: z.array(ClientFileEntry).max(100).default([]),
  /**
   * SetUserPoolMfaConfig's factor members (CreateUserPool has none): with any of them the file
   * declares the pool's MFA factors as SetUserPoolMfaConfig would set them (config/apply.ts).
   */
  ...MfaFactorMembers,
  /**
   * Server setting, not a Cognito member: what a retired refresh token presented again does.
   * REVOKE_FAMILY (default) ends its session; REFUSE_TOKEN refuses only that token, as Cognito does.
   */
  RefreshTokenReuse: z.enum(REFRESH_TOKEN_REUSE).optional(),
  // Domain, ResourceServers, IdentityProviders, UICustomization (see oauth/fileConfig.ts)
  ...OAuthPoolFileMembers,
  /**
   * Not a Cognito member (its API has none): this pool's request-rate limits by category,
   * per second or "off" (docs/security/rate-limits.md).
   */
  RequestRateLimits: z
    .partialRecord(
      z.enum(CATEGORIES as [Category, ...Category[]]),
      z.union([z.number().int().min(1).max(MAX_LIMIT), z.literal("off")]),
    )
    .optional(),
});
export type PoolFileEntry = z.infer<typeof PoolFileEntry>;

export const UserpoolFileSchema = z.object({
  $schema: z.string().optional(),
  /** Free text for humans. */
  Comment: z.string().optional(),
  /** The development Google provider (development mode only; see docs/userpool.md). */
  DevGoogle: DevGoogleFileEntry.optional(),
  UserPools: z.array(PoolFileEntry).max(100),
  /**
   * The admin console (ADR 0052); USERPOOL_CONSOLE* variables and startUserpool options win. Production: off
   * unless Enabled; members of AdminGroup of AdminUserPoolId sign in through AdminClientId (all three or none).
   */
  Console: z
    .object({
      Enabled: z.boolean().optional(),
      AdminUserPoolId: z.string().min(1).max(55).optional(),
      AdminGroup: z.string().min(1).max(128).optional(),
      AdminClientId: z.string().min(1).max(128).optional(),
      /** Days audit entries are kept (ADR 0056); USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS wins. */
      AuditRetentionDays: z.number().int().min(MIN_AUDIT_RETENTION_DAYS).max(MAX_AUDIT_RETENTION_DAYS).optional(),
    })
    .optional(),
});

/** The file as written (defaults not yet applied). */
export type UserpoolFileConfig = z.input<typeof UserpoolFileSchema>;
/** The file after validation. */
export type ParsedFileConfig = z.output<typeof UserpoolFileSchema>;

export { ClientSecret };
