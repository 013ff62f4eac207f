import type { Generated } from "kysely";

/**
 * Table shapes as Kysely sees them. Times are integer milliseconds since the epoch on both
 * engines (BIGINT on PostgreSQL, parsed back to numbers in db.ts), so rows compare the same way
 * everywhere. Secret-bearing columns end in `_enc` (AES-GCM under the data key), `_mac` (HMAC) or
 * `_hash` (SHA-256): nothing secret is stored in the clear.
 */
export interface Database {
  userpool_meta: { key: string; value: string };
  user_pools: { id: string; name: string; settings: string; created_at: number; updated_at: number };
  user_pool_clients: {
    id: string;
    pool_id: string;
    name: string;
    settings: string;
    created_at: number;
    updated_at: number;
  };
  user_pool_client_secrets: {
    secret_id: string;
    client_id: string;
    secret_enc: string;
    created_at: number;
  };
  users: {
    id: string;
    pool_id: string;
    username: string;
    username_key: string;
    status: string;
    enabled: number;
    attributes: string;
    srp_salt: string | null;
    verifier_enc: string | null;
    password_set_at: number | null;
    created_at: number;
    updated_at: number;
  };
  user_aliases: { pool_id: string; alias_type: string; alias_key: string; user_id: string };
  confirmation_codes: {
    id: string;
    pool_id: string;
    user_id: string;
    purpose: string;
    code_mac: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  refresh_tokens: {
    token_hash: string;
    pool_id: string;
    client_id: string;
    user_id: string;
    origin_jti: string;
    auth_time: number;
    created_at: number;
    expires_at: number;
    revoked_at: number | null;
    rotated_at: number | null;
    parent_hash: string | null;
  };
  auth_sessions: {
    id_hash: string;
    pool_id: string;
    client_id: string;
    user_id: string | null;
    kind: string;
    data_enc: string;
    created_at: number;
    expires_at: number;
    consumed_at: number | null;
    attempts: Generated<number>;
  };
  user_mfa: {
    user_id: string;
    pool_id: string;
    totp_enabled: Generated<number>;
    email_enabled: Generated<number>;
    sms_enabled: Generated<number>;
    preferred: string | null;
    totp_secret_enc: string | null;
    totp_pending_enc: string | null;
    totp_device_name: string | null;
    totp_last_step: Generated<number>;
    updated_at: number;
  };
  cimd_policies: {
    id: string;
    pool_id: string;
    client_id: string;
    policy_name: string;
    cache_duration: number;
    url_patterns: string;
    created_at: number;
    updated_at: number;
  };
  cimd_documents: { policy_id: string; url: string; document: string; cached_at: number; expires_at: number };
  provider_links: {
    pool_id: string;
    provider_name: string;
    provider_user_id: string;
    user_id: string;
    created_at: number;
  };
  saml_signing_certificates: { pool_id: string; certificate: string; private_enc: string; created_at: number };
  saml_encryption_certificates: { pool_id: string; certificate: string; private_enc: string; created_at: number };
  signing_keys: {
    kid: string;
    pool_id: string;
    token_use: string;
    public_jwk: string;
    private_enc: string;
    created_at: number;
  };
  dev_messages: { id: string; to_address: string; created_at: number; content_enc: string };
  dev_sms: { id: string; to_number: string; pool_id: string; kind: string; created_at: number; content_enc: string };
  revoked_origins: {
    origin_jti: string;
    pool_id: string;
    user_id: string | null;
    revoked_at: number;
    expires_at: number;
  };
  user_signouts: { user_id: string; pool_id: string; signed_out_at: number };
  sign_in_lockouts: {
    pool_id: string;
    subject: string;
    failures: number;
    last_failure_at: number;
    locked_until: number;
  };
  user_quotas: { pool_id: string; subject: string; kind: string; window_start: number; count: number };
  user_pool_groups: {
    pool_id: string;
    name: string;
    description: string | null;
    role_arn: string | null;
    precedence: number | null;
    created_at: number;
    updated_at: number;
  };
  user_group_members: { pool_id: string; group_name: string; user_id: string; username_key: string };
  pending_attributes: { user_id: string; pool_id: string; name: string; value: string; created_at: number };
  srp_answered_challenges: { challenge_id: string; pool_id: string; expires_at: number };
  request_rates: { counter: string; expires_at: number; count: number };
  pool_configurations: { pool_id: string; name: string; value: string; updated_at: number };
  client_configurations: { client_id: string; name: string; value: string; updated_at: number };
  provisioned_limits: { category: string; value: number; updated_at: number };
  user_history: {
    seq: Generated<number>;
    pool_id: string;
    user_id: string;
    changed_at: number;
    snapshot: string | null;
  };
  point_in_time_recoveries: {
    restore_id: string;
    pool_id: string;
    status: string;
    restore_timestamp: number;
    trigger_timestamp: number;
    preview: string;
    created_at: number;
    updated_at: number;
  };
  user_devices: {
    device_key: string;
    pool_id: string;
    user_id: string;
    group_key: string;
    name: string | null;
    status: string;
    salt: string | null;
    verifier_enc: string | null;
    last_ip: string | null;
    created_at: number;
    updated_at: number;
    last_authenticated_at: number | null;
    confirmed_at: number | null;
  };
  device_sessions: { origin_jti: string; pool_id: string; device_key: string; expires_at: number };
  risk_configurations: { pool_id: string; client_id: string; configuration: string; updated_at: number };
  auth_events: {
    event_id: string;
    pool_id: string;
    user_id: string;
    event_type: string;
    created_at: number;
    response: string;
    risk_decision: string;
    risk_level: string | null;
    compromised: number;
    challenges: string;
    ip: string | null;
    device_name: string | null;
    feedback_value: string | null;
    feedback_provider: string | null;
    feedback_at: number | null;
  };
  webauthn_credentials: {
    pool_id: string;
    credential_id: string;
    user_id: string;
    relying_party_id: string;
    public_key: string;
    sign_count: number;
    transports: string;
    friendly_name: string;
    authenticator_attachment: string | null;
    created_at: number;
    last_used_at: number | null;
  };
  webauthn_challenges: {
    id_hash: string;
    pool_id: string;
    user_id: string;
    client_id: string;
    created_at: number;
    expires_at: number;
  };
  identity_providers: {
    pool_id: string;
    name: string;
    provider_type: string;
    details_enc: string;
    attribute_mapping: string;
    idp_identifiers: string;
    created_at: number;
    updated_at: number;
  };
  identity_provider_identifiers: { pool_id: string; identifier: string; provider_name: string };
  resource_servers: {
    pool_id: string;
    identifier: string;
    name: string;
    scopes: string;
    created_at: number;
    updated_at: number;
  };
  user_pool_domains: {
    domain: string;
    pool_id: string;
    custom_domain_config: string | null;
    managed_login_version: number;
    created_at: number;
  };
  oauth_codes: {
    code_hash: string;
    pool_id: string;
    client_id: string;
    user_id: string;
    redirect_uri: string;
    scopes: string;
    code_challenge: string | null;
    nonce: string | null;
    auth_time: number;
    created_at: number;
    expires_at: number;
    used_at: number | null;
    origin_jti: string | null;
    /** Migration 0027: the hosted session (its id_hash) the code was issued from; null for older codes. */
    hosted_session_hash: string | null;
  };
  oauth_grants: {
    origin_jti: string;
    pool_id: string;
    client_id: string;
    user_id: string;
    scopes: string;
    created_at: number;
    /** Migration 0027: the hosted session whose code produced these tokens; null for API sign-ins. */
    hosted_session_hash: string | null;
  };
  hosted_sessions: {
    id_hash: string;
    pool_id: string;
    user_id: string;
    provider: string;
    auth_time: number;
    created_at: number;
    expires_at: number;
    /** Migration 0026; null unless a SAML assertion started the session. */
    saml_session_index: string | null;
  };
  federation_states: {
    state_hash: string;
    pool_id: string;
    provider_name: string;
    data_enc: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  user_import_jobs: {
    job_id: string;
    pool_id: string;
    job_name: string;
    status: string;
    cloudwatch_logs_role_arn: string;
    created_at: number;
    started_at: number | null;
    completed_at: number | null;
    uploaded_at: number | null;
    heartbeat_at: number | null;
    imported_users: Generated<number>;
    skipped_users: Generated<number>;
    failed_users: Generated<number>;
    completion_message: string | null;
  };
  ui_customizations: {
    pool_id: string;
    client_key: string;
    css: string | null;
    css_version: string | null;
    image_b64: string | null;
    image_type: string | null;
    image_version: string | null;
    created_at: number;
    updated_at: number;
  };
  managed_login_brandings: {
    id: string;
    pool_id: string;
    client_id: string;
    use_cognito_provided_values: number;
    settings: string | null;
    assets: string;
    created_at: number;
    updated_at: number;
  };
  terms: {
    id: string;
    pool_id: string;
    client_id: string;
    terms_name: string;
    terms_source: string;
    enforcement: string;
    links: string;
    created_at: number;
    updated_at: number;
  };
  terms_acceptances: {
    pool_id: string;
    user_id: string;
    client_id: string;
    terms_id: string;
    terms_name: string;
    terms_version: number;
    links: string;
    accepted_at: number;
  };
  console_sessions: {
    id_hash: string;
    kind: string;
    who: string;
    data_enc: string | null;
    created_at: number;
    idle_expires_at: number;
    expires_at: number;
  };
  console_audit: {
    id: Generated<number>;
    at: number;
    who: string;
    operation: string;
    user_pool_id: string | null;
    target: string | null;
    outcome: string;
  };
}
