/**
 * What the operator's tools (export, import, rotate-keys) know about the schema: which tables
 * move between databases and in what order, which stay behind and why, and every column sealed
 * with the data key together with the associated data (AAD) its service binds it to.
 * tables.test.ts lists the live schema on both engines and fails when a table or an `_enc`
 * column is missing here, so a new migration cannot silently fall out of a backup or a rotation.
 */

/** A table that an export carries, with its primary key (the export pages through it in key order). */
export interface ExportedTable {
  name: string;
  key: readonly string[];
  /** Columns the target generates itself (a serial), left out of the file. */
  generated?: readonly string[];
}

/**
 * In foreign-key order: a row's parents come before it. Pools first, then what hangs off a pool,
 * then users and what hangs off a user.
 */
export const EXPORTED_TABLES: readonly ExportedTable[] = [
  { name: "user_pools", key: ["id"] },
  { name: "pool_configurations", key: ["pool_id", "name"] },
  { name: "provisioned_limits", key: ["category"] },
  { name: "user_pool_clients", key: ["id"] },
  { name: "user_pool_client_secrets", key: ["secret_id"] },
  { name: "client_configurations", key: ["client_id", "name"] },
  // The same signing keys: tokens issued before the move still verify after it.
  { name: "signing_keys", key: ["kid"] },
  { name: "saml_signing_certificates", key: ["pool_id"] },
  { name: "saml_encryption_certificates", key: ["pool_id"] },
  { name: "identity_providers", key: ["pool_id", "name"] },
  { name: "identity_provider_identifiers", key: ["pool_id", "identifier"] },
  { name: "resource_servers", key: ["pool_id", "identifier"] },
  { name: "user_pool_domains", key: ["domain"] },
  { name: "user_pool_groups", key: ["pool_id", "name"] },
  { name: "cimd_policies", key: ["id"] },
  { name: "risk_configurations", key: ["pool_id", "client_id"] },
  { name: "ui_customizations", key: ["pool_id", "client_key"] },
  { name: "managed_login_brandings", key: ["id"] },
  { name: "terms", key: ["id"] },
  { name: "users", key: ["id"] },
  { name: "user_aliases", key: ["pool_id", "alias_type", "alias_key"] },
  { name: "user_group_members", key: ["pool_id", "group_name", "user_id"] },
  { name: "user_mfa", key: ["user_id"] },
  { name: "pending_attributes", key: ["user_id", "name"] },
  { name: "user_devices", key: ["device_key"] },
  { name: "webauthn_credentials", key: ["pool_id", "credential_id"] },
  { name: "provider_links", key: ["pool_id", "provider_name", "provider_user_id"] },
  { name: "terms_acceptances", key: ["user_id", "terms_id", "terms_version"] },
  { name: "auth_events", key: ["event_id"] },
  { name: "user_history", key: ["seq"], generated: ["seq"] },
  { name: "point_in_time_recoveries", key: ["restore_id"] },
  // Revocations move too: a token revoked or signed out before the move stays refused after it.
  { name: "user_signouts", key: ["user_id"] },
  { name: "revoked_origins", key: ["origin_jti"] },
];

/** Tables an export leaves behind, each with the reason (docs/userpool/backup-and-keys.md repeats them). */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  userpool_meta: "per database: the data-key check travels in the file's header instead",
  userpool_migrations: "migration bookkeeping of the target itself",
  userpool_migrations_lock: "migration bookkeeping of the target itself",
  refresh_tokens: "sessions are not moved: users sign in again (ADR 0039)",
  oauth_grants: "belongs to refresh tokens (not moved)",
  device_sessions: "belongs to refresh tokens (not moved)",
  auth_sessions: "sign-in flow state that lives minutes",
  srp_answered_challenges: "sign-in flow state that lives minutes",
  webauthn_challenges: "sign-in flow state that lives minutes",
  confirmation_codes: "one-time codes that live minutes to days; users ask for a new one",
  oauth_codes: "authorization codes that live minutes",
  hosted_sessions: "hosted UI cookies: users sign in again",
  federation_states: "federated sign-in flow state that lives minutes",
  sign_in_lockouts: "failure counters that expire",
  user_quotas: "rate counters that expire",
  request_rates: "rate counters that expire",
  dev_messages: "development mailbox",
  dev_sms: "development text outbox",
  user_import_jobs: "CSV import jobs: their files live in the source's data directory",
  cimd_documents: "a cache, fetched again",
  console_sessions: "admin console sign-ins: admins sign in again",
  console_audit: "the admin console's audit trail of this deployment: kept with its database backups (ADR 0052, 0056)",
};

/** A column sealed with the data key, and how its service builds the AAD from the row. */
export interface SealedColumn {
  table: string;
  column: string;
  key: readonly string[];
  aad(row: Record<string, unknown>): string;
}

const s = (v: unknown) => String(v);

/** Every value sealed under the data key at rest (the services' `*Aad` helpers, mirrored). */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "userpool_meta", column: "value", key: ["key"], aad: (r) => s(r.key) },
  {
    table: "user_pool_client_secrets",
    column: "secret_enc",
    key: ["secret_id"],
    aad: (r) => `client-secret|${s(r.client_id)}`,
  },
  { table: "users", column: "verifier_enc", key: ["id"], aad: (r) => `verifier|${s(r.pool_id)}|${s(r.id)}` },
  { table: "auth_sessions", column: "data_enc", key: ["id_hash"], aad: (r) => `auth-session|${s(r.id_hash)}` },
  {
    table: "user_mfa",
    column: "totp_secret_enc",
    key: ["user_id"],
    aad: (r) => `totp-secret|${s(r.pool_id)}|${s(r.user_id)}`,
  },
  {
    table: "user_mfa",
    column: "totp_pending_enc",
    key: ["user_id"],
    aad: (r) => `totp-secret|${s(r.pool_id)}|${s(r.user_id)}`,
  },
  {
    table: "saml_signing_certificates",
    column: "private_enc",
    key: ["pool_id"],
    aad: (r) => `saml-signing-key|${s(r.pool_id)}`,
  },
  {
    table: "saml_encryption_certificates",
    column: "private_enc",
    key: ["pool_id"],
    aad: (r) => `saml-encryption-key|${s(r.pool_id)}`,
  },
  { table: "signing_keys", column: "private_enc", key: ["kid"], aad: (r) => `signing-key|${s(r.pool_id)}|${s(r.kid)}` },
  { table: "dev_messages", column: "content_enc", key: ["id"], aad: (r) => `dev-mail|${s(r.id)}` },
  { table: "dev_sms", column: "content_enc", key: ["id"], aad: (r) => `dev-sms|${s(r.id)}` },
  {
    table: "console_sessions",
    column: "data_enc",
    key: ["id_hash"],
    aad: (r) => `console-step|${s(r.id_hash)}`,
  },
  {
    table: "user_devices",
    column: "verifier_enc",
    key: ["device_key"],
    aad: (r) => `device-verifier|${s(r.pool_id)}|${s(r.device_key)}`,
  },
  {
    table: "identity_providers",
    column: "details_enc",
    key: ["pool_id", "name"],
    aad: (r) => `identity-provider|${s(r.pool_id)}|${s(r.name)}`,
  },
  {
    table: "federation_states",
    column: "data_enc",
    key: ["state_hash"],
    aad: (r) => `federation-state|${s(r.state_hash)}`,
  },
];

/** Meta keys whose value is sealed (AAD = the key); the table's other rows are plain. */
export const SEALED_META_KEYS: readonly string[] = ["data-key-check", "dev-google-signing-key"];
