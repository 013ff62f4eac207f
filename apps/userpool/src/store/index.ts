/**
 * The storage contract: one narrow interface per domain (a file each beside this one, its Kysely
 * implementation in kysely/ under the same name), composed into `Store`. Services depend on these
 * interfaces only; the contract suites (contract/) are the executable definition every backend
 * must pass. Operations that must be atomic say so in their name and doc comment.
 */
import type { Kysely } from "kysely";
import type { AdministrationStore } from "./administration.js";
import type { AuthorizationCodeStore } from "./authorizationCodes.js";
import type { BrandingStore } from "./branding.js";
import type { ChallengeSessionStore } from "./challengeSessions.js";
import type { CimdPolicyStore } from "./cimdPolicies.js";
import type { ClientStore } from "./clients.js";
import type { CodeStore } from "./codes.js";
import type { ConsoleAuditStore } from "./consoleAudit.js";
import type { ConsoleSessionStore } from "./consoleSessions.js";
import { openDatabase, type DatabaseHooks, type DatabaseTarget } from "./db.js";
import type { DeviceStore } from "./devices.js";
import type { WebAuthnStore } from "./webAuthn.js";
import type { DevMailStore } from "./devMail.js";
import type { DevSmsStore } from "./devSms.js";
import type { DomainStore } from "./domains.js";
import type { FederationStateStore } from "./federationStates.js";
import type { GrantStore } from "./grants.js";
import type { GroupStore } from "./groups.js";
import type { HealthStore } from "./health.js";
import type { HostedSessionStore } from "./hostedSessions.js";
import type { IdentityProviderStore } from "./identityProviders.js";
import type { ImportJobStore } from "./importJobs.js";
import type { KeyStore } from "./keys.js";
import { kyselyAdministrationStore } from "./kysely/administration.js";
import { kyselyAuthorizationCodeStore } from "./kysely/authorizationCodes.js";
import { kyselyBrandingStore } from "./kysely/branding.js";
import { kyselyChallengeSessionStore } from "./kysely/challengeSessions.js";
import { kyselyCimdPolicyStore } from "./kysely/cimdPolicies.js";
import { kyselyProviderLinkStore } from "./kysely/providerLinks.js";
import { kyselySamlCertificateStore } from "./kysely/samlCertificates.js";
import { kyselyClientStore } from "./kysely/clients.js";
import { kyselyCodeStore } from "./kysely/codes.js";
import { kyselyConsoleAuditStore } from "./kysely/consoleAudit.js";
import { kyselyConsoleSessionStore } from "./kysely/consoleSessions.js";
import { kyselyDeviceStore } from "./kysely/devices.js";
import { kyselyWebAuthnStore } from "./kysely/webAuthn.js";
import { kyselyDevMailStore } from "./kysely/devMail.js";
import { kyselyDevSmsStore } from "./kysely/devSms.js";
import { kyselyDomainStore } from "./kysely/domains.js";
import { kyselyFederationStateStore } from "./kysely/federationStates.js";
import { kyselyGrantStore } from "./kysely/grants.js";
import { kyselyGroupStore } from "./kysely/groups.js";
import { kyselyHealthStore } from "./kysely/health.js";
import { kyselyHostedSessionStore } from "./kysely/hostedSessions.js";
import { kyselyIdentityProviderStore } from "./kysely/identityProviders.js";
import { kyselyImportJobStore } from "./kysely/importJobs.js";
import { kyselyKeyStore } from "./kysely/keys.js";
import { kyselyLockoutStore } from "./kysely/lockouts.js";
import { kyselyMetaStore } from "./kysely/meta.js";
import { kyselyMfaStore } from "./kysely/mfa.js";
import { kyselyPendingAttributeStore } from "./kysely/pendingAttributes.js";
import { kyselyPoolStore } from "./kysely/pools.js";
import { kyselyQuotaStore } from "./kysely/quotas.js";
import { kyselyRefreshTokenStore } from "./kysely/refreshTokens.js";
import { kyselyRequestRateStore } from "./kysely/requestRates.js";
import { kyselyResourceServerStore } from "./kysely/resourceServers.js";
import { kyselyRiskStore } from "./kysely/risk.js";
import { kyselyRevocationStore } from "./kysely/revocations.js";
import { kyselySrpAnswerStore } from "./kysely/srpAnswers.js";
import { kyselyTermsStore } from "./kysely/terms.js";
import { kyselyUserStore } from "./kysely/users.js";
import { kyselyRecoveryStore } from "./kysely/userHistory.js";
import type { LockoutStore } from "./lockouts.js";
import type { MetaStore } from "./meta.js";
import type { MfaStore } from "./mfa.js";
import { migrateToLatest } from "./migrations/index.js";
import type { PendingAttributeStore } from "./pendingAttributes.js";
import type { PoolStore } from "./pools.js";
import type { ProviderLinkStore } from "./providerLinks.js";
import type { SamlCertificateStore } from "./samlCertificates.js";
import type { QuotaStore } from "./quotas.js";
import type { RefreshTokenStore } from "./refreshTokens.js";
import type { RequestRateStore } from "./requestRates.js";
import type { ResourceServerStore } from "./resourceServers.js";
import type { RevocationStore } from "./revocations.js";
import type { RiskStore } from "./risk.js";
import type { Database } from "./schema.js";
import type { SrpAnswerStore } from "./srpAnswers.js";
import type { TermsStore } from "./terms.js";
import type { UserStore } from "./users.js";
import type { RecoveryStore } from "./userHistory.js";

export type * from "./administration.js";
export type * from "./authorizationCodes.js";
export type * from "./branding.js";
export type * from "./challengeSessions.js";
export type * from "./cimdPolicies.js";
export * from "./clients.js";
export type * from "./codes.js";
export type * from "./consoleAudit.js";
export type * from "./consoleSessions.js";
export * from "./conflict.js";
export type { DatabaseTarget } from "./db.js";
export type * from "./devices.js";
export type * from "./webAuthn.js";
export type * from "./devMail.js";
export type * from "./devSms.js";
export type * from "./domains.js";
export type * from "./federationStates.js";
export type * from "./grants.js";
export type * from "./groups.js";
export type * from "./health.js";
export type * from "./hostedSessions.js";
export type * from "./identityProviders.js";
export type * from "./importJobs.js";
export type * from "./json.js";
export type * from "./keys.js";
export * from "./lockouts.js";
export type * from "./meta.js";
export type * from "./mfa.js";
export type * from "./pendingAttributes.js";
export type * from "./pools.js";
export type * from "./providerLinks.js";
export type * from "./samlCertificates.js";
export type * from "./quotas.js";
export type * from "./refreshTokens.js";
export type * from "./requestRates.js";
export type * from "./resourceServers.js";
export type * from "./revocations.js";
export type * from "./risk.js";
export type * from "./srpAnswers.js";
export type * from "./terms.js";
export type * from "./users.js";
export type * from "./userHistory.js";

export interface Store {
  readonly engine: "sqlite" | "postgres";
  readonly pools: PoolStore;
  readonly clients: ClientStore;
  readonly users: UserStore;
  readonly groups: GroupStore;
  readonly pendingAttributes: PendingAttributeStore;
  readonly codes: CodeStore;
  readonly challengeSessions: ChallengeSessionStore;
  readonly srpAnswers: SrpAnswerStore;
  readonly mfa: MfaStore;
  readonly lockouts: LockoutStore;
  readonly quotas: QuotaStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly revocations: RevocationStore;
  readonly keys: KeyStore;
  readonly identityProviders: IdentityProviderStore;
  readonly resourceServers: ResourceServerStore;
  readonly domains: DomainStore;
  readonly authCodes: AuthorizationCodeStore;
  readonly grants: GrantStore;
  readonly hostedSessions: HostedSessionStore;
  readonly federationStates: FederationStateStore;
  readonly requestRates: RequestRateStore;
  readonly devices: DeviceStore;
  readonly importJobs: ImportJobStore;
  readonly risk: RiskStore;
  readonly webAuthn: WebAuthnStore;
  readonly devMail: DevMailStore;
  readonly devSms: DevSmsStore;
  readonly branding: BrandingStore;
  readonly terms: TermsStore;
  readonly meta: MetaStore;
  /** Reachability, applied migrations and connection pool state (readiness and metrics). */
  readonly health: HealthStore;
  readonly administration: AdministrationStore;
  readonly recoveries: RecoveryStore;
  readonly cimdPolicies: CimdPolicyStore;
  readonly providerLinks: ProviderLinkStore;
  readonly samlCertificates: SamlCertificateStore;
  /** The pool's SAML encryption certificates: assertions are encrypted to them, apart from the signing key. */
  readonly samlEncryptionCertificates: SamlCertificateStore;
  /** The admin console's sessions and its audit log (ADR 0052). */
  readonly consoleSessions: ConsoleSessionStore;
  readonly consoleAudit: ConsoleAuditStore;
  /** The raw connection, for migrations and test-only table dumps. Services never use it. */
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

/** Opens the database, brings the schema up to date, and returns the composed store. */
export async function createStore(
  target: DatabaseTarget,
  opts: { migrate?: boolean } & DatabaseHooks = {},
): Promise<Store> {
  const db = await openDatabase(target, {
    ...(opts.onStatement ? { onStatement: opts.onStatement } : {}),
    ...(opts.onConnectionError ? { onConnectionError: opts.onConnectionError } : {}),
  });
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const engine = target.engine;
  const lockouts = kyselyLockoutStore(db, engine);
  const refreshTokens = kyselyRefreshTokenStore(db, engine);
  return {
    engine,
    db,
    pools: kyselyPoolStore(db),
    clients: kyselyClientStore(db, engine),
    users: kyselyUserStore(db, engine),
    groups: kyselyGroupStore(db, engine),
    pendingAttributes: kyselyPendingAttributeStore(db),
    codes: kyselyCodeStore(db),
    challengeSessions: kyselyChallengeSessionStore(db),
    srpAnswers: kyselySrpAnswerStore(db, engine, { lockouts, refreshTokens }),
    mfa: kyselyMfaStore(db),
    lockouts,
    quotas: kyselyQuotaStore(db),
    refreshTokens,
    revocations: kyselyRevocationStore(db),
    keys: kyselyKeyStore(db),
    identityProviders: kyselyIdentityProviderStore(db),
    resourceServers: kyselyResourceServerStore(db),
    domains: kyselyDomainStore(db),
    authCodes: kyselyAuthorizationCodeStore(db),
    grants: kyselyGrantStore(db),
    hostedSessions: kyselyHostedSessionStore(db),
    federationStates: kyselyFederationStateStore(db),
    requestRates: kyselyRequestRateStore(db),
    devices: kyselyDeviceStore(db),
    importJobs: kyselyImportJobStore(db, engine),
    risk: kyselyRiskStore(db),
    webAuthn: kyselyWebAuthnStore(db),
    devMail: kyselyDevMailStore(db),
    devSms: kyselyDevSmsStore(db),
    branding: kyselyBrandingStore(db),
    terms: kyselyTermsStore(db),
    meta: kyselyMetaStore(db),
    health: kyselyHealthStore(db),
    administration: kyselyAdministrationStore(db),
    recoveries: kyselyRecoveryStore(db),
    cimdPolicies: kyselyCimdPolicyStore(db),
    providerLinks: kyselyProviderLinkStore(db),
    samlCertificates: kyselySamlCertificateStore(db),
    samlEncryptionCertificates: kyselySamlCertificateStore(db, "saml_encryption_certificates"),
    consoleSessions: kyselyConsoleSessionStore(db),
    consoleAudit: kyselyConsoleAuditStore(db),
    close: () => db.destroy(),
  };
}
