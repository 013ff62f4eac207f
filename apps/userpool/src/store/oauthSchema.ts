/** Table shapes of migration 0004_oauth (see schema.ts for the conventions: ms times, `_enc`/`_hash` secrets). */
export interface OAuthTables {
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
  };
  oauth_grants: {
    origin_jti: string;
    pool_id: string;
    client_id: string;
    user_id: string;
    scopes: string;
    created_at: number;
  };
  hosted_sessions: {
    id_hash: string;
    pool_id: string;
    user_id: string;
    provider: string;
    auth_time: number;
    created_at: number;
    expires_at: number;
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
}
