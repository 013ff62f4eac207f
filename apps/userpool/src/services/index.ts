import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { RelyingParty } from "../federation/relyingParty.js";
import { SocialClient } from "../federation/socialClient.js";
import { SamlServiceProvider } from "../federation/samlServiceProvider.js";
import { BrandingRegistry } from "../hosted/branding.js";
import { HostedSessionService } from "../hosted/sessions.js";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";
import type { Store } from "../store/index.js";
import { fetchTrusting } from "../tls/fetch.js";
import { AccessTokenService } from "./accessTokens.js";
import { AuthorizationService } from "./authorizations.js";
import { BrandingService } from "./branding.js";
import { ChallengeSessionService } from "./challengeSessions.js";
import { CimdPolicyService } from "./cimdPolicies.js";
import { CodeService } from "./codes.js";
import { ConfirmationService } from "./confirmation.js";
import { DeviceService } from "./devices.js";
import { CustomAuthService } from "./customAuth.js";
import { DeviceSignInService } from "./deviceSignIn.js";
import { DomainService } from "./domains.js";
import { FederationService } from "./federation.js";
import { IdentityProviderService } from "./identityProviders.js";
import { generateRsa2048, KeyService, type RsaKeyGenerator } from "./keys.js";
import { DevMailbox } from "./mail/devMailbox.js";
import type { Mailer } from "./mail/mailer.js";
import { MessageService } from "./mail/messages.js";
import { PasswordService } from "./passwords.js";
import { DevSmsOutbox } from "./sms/devOutbox.js";
import { SmsService } from "./sms/service.js";
import type { SmsSender } from "./sms/sms.js";
import { PoolService } from "./pools.js";
import { ProviderLinkService } from "./providerLinks.js";
import { SamlCertificateService } from "./samlCertificates.js";
import { TokenExchangeService } from "./tokenExchange.js";
import { RefreshService, type RefreshTokenReuse } from "./refresh.js";
import { ResourceServerService } from "./resourceServers.js";
import { SrpChallengeSealer } from "./srpChallenge.js";
import { SignInService } from "./signIn.js";
import { UserAuthService } from "./userAuth.js";
import { SignUpSessionService } from "./signUpSessions.js";
import { WebAuthnService } from "./webAuthn.js";
import { TokenService } from "./tokens.js";
import type { Rs256Signer } from "../crypto/rs256.js";
import { noTriggers, type Triggers } from "./triggers.js";
import type { PublicUrls } from "./urls.js";
import { UserService } from "./users.js";
import { UserImportService } from "./userImport.js";
import { AccountPasswordService } from "./accountPasswords.js";
import { GroupService } from "./groups.js";
import { AttributeUpdateService } from "./attributeUpdates.js";
import { LockoutService } from "./lockout.js";
import { MfaService } from "./mfa/mfaService.js";
import { PasswordResetService } from "./passwordReset.js";
import { QuotaService } from "./quotas.js";
import { NO_RATE_LIMITS, RequestRateLimiter, type RateLimitConfig } from "./requestRates/limiter.js";
import { ProvisionedLimitService } from "./requestRates/provisioned.js";
import { RevocationService } from "./revocation.js";
import { RiskConfigService } from "./risk/riskConfig.js";
import { ThreatProtectionService } from "./risk/threatProtection.js";
import { SessionService } from "./sessions.js";
import { SessionConfigurationService } from "./sessionConfiguration.js";
import { PointInTimeRecoveryService } from "./pointInTimeRecovery.js";
import { LogDeliveryService } from "./logDelivery.js";
import { TermsService } from "./terms.js";
import { UserExistenceService } from "./userExistence.js";
import { TriggerModulePolicy } from "../triggers/modulePolicy.js";

/** Everything a target handler may use. Handlers declare the subset they need with Pick<Services, …>. */
export interface Services {
  clock: Clock;
  random: Random;
  log: Logger;
  crypto: DataCrypto;
  urls: PublicUrls;
  triggers: Triggers;
  /** Which in-process trigger modules the admin API may set. */
  triggerModules: TriggerModulePolicy;
  pools: PoolService;
  users: UserService;
  passwords: PasswordService;
  codes: CodeService;
  keys: KeyService;
  tokens: TokenService;
  challengeSessions: ChallengeSessionService;
  messages: MessageService;
  /** Text messages (codes, invitations) through the configured sender. */
  sms: SmsService;
  signIn: SignInService;
  /** Choice-based sign-in (USER_AUTH); the hosted pages' code sign-in runs it too. */
  userAuth: UserAuthService;
  mfa: MfaService;
  confirmation: ConfirmationService;
  /** Sessions from SignUp / ConfirmSignUp that sign the new user in (ADR 0027). */
  signUpSessions: SignUpSessionService;
  refresh: RefreshService;
  accessTokens: AccessTokenService;
  revocation: RevocationService;
  sessions: SessionService;
  sessionConfiguration: SessionConfigurationService;
  recoveries: PointInTimeRecoveryService;
  logDelivery: LogDeliveryService;
  webAuthn: WebAuthnService;
  devices: DeviceService;
  lockout: LockoutService;
  /** Threat protection: risk configurations, the user event history, risk actions. */
  riskConfig: RiskConfigService;
  threats: ThreatProtectionService;
  quotas: QuotaService;
  existence: UserExistenceService;
  accountPasswords: AccountPasswordService;
  passwordReset: PasswordResetService;
  groups: GroupService;
  attributeUpdates: AttributeUpdateService;
  requestRates: RequestRateLimiter;
  /** User import jobs (CSV upload, background import). */
  userImports: UserImportService;
  provisionedLimits: ProvisionedLimitService;
  // OAuth 2.0 / OIDC, the hosted UI and federation
  domains: DomainService;
  resourceServers: ResourceServerService;
  identityProviders: IdentityProviderService;
  authorizations: AuthorizationService;
  hostedSessions: HostedSessionService;
  federation: FederationService;
  branding: BrandingRegistry;
  /** Stored hosted UI customizations and managed-login styles (SetUICustomization, CreateManagedLoginBranding). */
  hostedBranding: BrandingService;
  terms: TermsService;
  /** Client ID metadata document policies. */
  cimdPolicies: CimdPolicyService;
  /** External identities linked to existing users. */
  providerLinks: ProviderLinkService;
  samlCertificates: SamlCertificateService;
  samlEncryptionCertificates: SamlCertificateService;
  /** GetDerivedToken. */
  tokenExchange: TokenExchangeService;
  /** Present in development mode only. */
  devMailbox: DevMailbox | undefined;
  /** Present when no production SMS sender is configured (development mode only). */
  devSmsOutbox: DevSmsOutbox | undefined;
}

export interface ServiceOptions {
  store: Store;
  clock: Clock;
  random: Random;
  log: Logger;
  crypto: DataCrypto;
  urls: PublicUrls;
  /** The production mailer; when absent, mail goes to the development mailbox. */
  mailer?: Mailer;
  /** The production SMS sender (SNS, webhook); when absent, texts go to the development outbox. */
  smsSender?: SmsSender;
  triggers?: Triggers;
  /** Default: no allow-listed directories, so the API can set Lambda ARNs only. */
  triggerModules?: TriggerModulePolicy;
  generateRsaKeyPair?: RsaKeyGenerator;
  /** development: a SAML MetadataURL may be http. Absent: production rules. */
  mode?: "development" | "production";
  /** Where token signatures are computed (crypto/rs256.ts); default the libuv thread pool. */
  rs256?: Rs256Signer;
  /** CAs the federation relying party trusts besides the system's (the development CA serving dev Google). */
  trustedCaPems?: string[];
  /** Verified access tokens remembered (AccessTokenService; 0: none, for the benchmark's A/B). */
  verifiedAccessTokens?: number;
  /** A pool's RefreshTokenReuse setting from the config file (undefined: the default). */
  refreshTokenReuse?: (poolId: string) => RefreshTokenReuse | undefined;
  /** Request-rate limits; none when absent. */
  rateLimits?: RateLimitConfig;
  /**
   * The data directory (main.ts passes it): user import files and their logs (`imports/`), delivered logs
   * (`log-delivery/`; without it no log configuration is accepted).
   */
  dataDir?: string;
}

/** Builds the services graph. Called only by the composition root (main.ts). */
export function createServices(o: ServiceOptions): Services {
  const base = { store: o.store, clock: o.clock, random: o.random, crypto: o.crypto };
  const triggers = o.triggers ?? noTriggers;
  const triggerModules = o.triggerModules ?? new TriggerModulePolicy({ baseDir: process.cwd(), log: o.log });
  const devMailbox = o.mailer ? undefined : new DevMailbox(base);
  const mailer: Mailer = o.mailer ?? devMailbox!;
  const pools = new PoolService({ ...base, triggers });
  const users = new UserService(base);
  const passwords = new PasswordService(base);
  const codes = new CodeService(base);
  const keys = new KeyService({
    ...base,
    ...(o.generateRsaKeyPair ? { generateRsaKeyPair: o.generateRsaKeyPair } : {}),
  });
  const revocation = new RevocationService(base);
  const logDelivery = new LogDeliveryService({ ...base, log: o.log, dataDir: o.dataDir });
  const sessionConfiguration = new SessionConfigurationService({ ...base, revocation });
  const tokens = new TokenService({
    ...base,
    keys,
    urls: o.urls,
    triggers,
    sessionLimit: sessionConfiguration,
    logDelivery,
    ...(o.rs256 ? { rs256: o.rs256 } : {}),
  });
  const challengeSessions = new ChallengeSessionService(base);
  const signUpSessions = new SignUpSessionService({ challengeSessions });
  const smsSender = o.smsSender ?? new DevSmsOutbox(base);
  const devSmsOutbox = smsSender instanceof DevSmsOutbox ? smsSender : undefined;
  const sms = new SmsService({ sender: smsSender, log: o.log, logDelivery });
  const messages = new MessageService({ mailer, sms, triggers, urls: o.urls, logDelivery });
  const lockout = new LockoutService({ ...base, logDelivery });
  const existence = new UserExistenceService({ ...base, users });
  const challenges = new SrpChallengeSealer(base);
  const devices = new DeviceService({ ...base, revocation });
  const deviceSignIn = new DeviceSignInService({ ...base, devices, challengeSessions, users });
  const mfa = new MfaService({ ...base, pools, users, challengeSessions, lockout, messages });
  const riskConfig = new RiskConfigService(base);
  const threats = new ThreatProtectionService({ ...base, mailer, log: o.log, urls: o.urls, riskConfig });
  const webAuthn = new WebAuthnService({ ...base, urls: o.urls });
  const userAuth = new UserAuthService({
    ...base,
    pools,
    users,
    passwords,
    triggers,
    challengeSessions,
    existence,
    lockout,
    mfa,
    signUpSessions,
    webAuthn,
  });
  const signIn = new SignInService({
    mfa,
    threats,
    ...base,
    pools,
    users,
    passwords,
    challengeSessions,
    challenges,
    tokens,
    triggers,
    lockout,
    existence,
    revocation,
    devices,
    deviceSignIn,
    customAuth: new CustomAuthService({ pools, users, triggers, challengeSessions, existence, deviceSignIn }),
    userAuth,
  });
  const confirmation = new ConfirmationService({ codes, users, triggers, messages, existence });
  const quotas = new QuotaService(base);
  const accountPasswords = new AccountPasswordService({ ...base, users, passwords, lockout, revocation });
  const passwordReset = new PasswordResetService({
    ...base,
    pools,
    users,
    passwords,
    codes,
    messages,
    triggers,
    quotas,
    existence,
    accountPasswords,
  });
  const groups = new GroupService(base);
  const attributeUpdates = new AttributeUpdateService({ ...base, users, codes, messages, quotas });
  const refresh = new RefreshService({
    ...base,
    tokens,
    users,
    revocation,
    devices,
    log: o.log,
    ...(o.refreshTokenReuse ? { refreshTokenReuse: o.refreshTokenReuse } : {}),
  });
  const accessTokens = new AccessTokenService({
    keys,
    pools,
    store: o.store,
    urls: o.urls,
    clock: o.clock,
    ...(o.verifiedAccessTokens !== undefined ? { verifiedTokens: o.verifiedAccessTokens } : {}),
  });
  const requestRates = new RequestRateLimiter({ ...base, pools }, o.rateLimits ?? NO_RATE_LIMITS);
  const federationFetch = fetchTrusting(o.trustedCaPems ?? []);
  const samlKeyDeps = { ...base, generateRsaKeyPair: o.generateRsaKeyPair ?? generateRsa2048 };
  const samlCertificates = new SamlCertificateService(samlKeyDeps);
  const samlEncryptionCertificates = new SamlCertificateService(samlKeyDeps, "encryption");
  const identityProviders = new IdentityProviderService({
    ...base,
    saml: {
      fetch: federationFetch,
      encryptionCertificate: (poolId) => samlEncryptionCertificates.certificate(poolId),
      allowHttpMetadata: o.mode === "development",
    },
  });
  const resourceServers = new ResourceServerService(base);
  const relyingParty = new RelyingParty({ fetch: federationFetch, now: () => o.clock.now().getTime() });
  const federation = new FederationService({
    ...base,
    urls: o.urls,
    pools,
    users,
    triggers,
    identityProviders,
    relyingParty,
    social: new SocialClient({ fetch: federationFetch, now: () => o.clock.now().getTime() }),
    saml: new SamlServiceProvider({ clock: o.clock, acsUrl: () => `${o.urls.hosted()}/saml2/idpresponse` }),
    samlCertificates,
    samlEncryptionCertificates,
    revocation,
    log: o.log,
  });
  return {
    clock: o.clock,
    random: o.random,
    log: o.log,
    crypto: o.crypto,
    urls: o.urls,
    triggers,
    triggerModules,
    pools,
    users,
    passwords,
    codes,
    keys,
    tokens,
    challengeSessions,
    messages,
    sms,
    signIn,
    userAuth,
    mfa,
    confirmation,
    signUpSessions,
    refresh,
    accessTokens,
    devMailbox,
    devSmsOutbox,
    revocation,
    sessions: new SessionService({ ...base, pools, revocation }),
    sessionConfiguration,
    recoveries: new PointInTimeRecoveryService(base),
    logDelivery,
    webAuthn,
    devices,
    lockout,
    riskConfig,
    threats,
    quotas,
    existence,
    accountPasswords,
    passwordReset,
    groups,
    attributeUpdates,
    requestRates,
    userImports: new UserImportService({
      ...base,
      log: o.log,
      urls: o.urls,
      pools,
      users,
      dataDir: o.dataDir ?? join(tmpdir(), "authhub-userpool"),
    }),
    provisionedLimits: new ProvisionedLimitService({ ...base, requestRates }),
    domains: new DomainService({ ...base, urls: o.urls }),
    resourceServers,
    identityProviders,
    authorizations: new AuthorizationService({ ...base, tokens, revocation }),
    hostedSessions: new HostedSessionService(base),
    federation,
    branding: new BrandingRegistry(),
    hostedBranding: new BrandingService({ ...base, urls: o.urls, pools }),
    terms: new TermsService({ ...base, pools }),
    cimdPolicies: new CimdPolicyService({ ...base, pools }),
    providerLinks: new ProviderLinkService({ ...base, users, identityProviders }),
    samlCertificates,
    samlEncryptionCertificates,
    tokenExchange: new TokenExchangeService({ ...base, keys, accessTokens, users, resourceServers, urls: o.urls }),
  };
}
