/**
 * The OAuth 2.0 / OIDC, hosted-UI and federation services, built by services/index.ts as part of
 * the one services graph (so handlers still declare what they use with Pick<Services, …>).
 */
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { FederationService } from "../federation/federation.js";
import { IdentityProviderService } from "../federation/providers.js";
import { RelyingParty } from "../federation/relyingParty.js";
import { BrandingRegistry } from "../hosted/branding.js";
import { HostedSessionService } from "../hosted/sessions.js";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";
import type { PoolService } from "../services/pools.js";
import type { RevocationService } from "../services/revocation.js";
import type { TokenService } from "../services/tokens.js";
import type { Triggers } from "../services/triggers.js";
import type { PublicUrls } from "../services/urls.js";
import type { UserService } from "../services/users.js";
import type { Store } from "../store/index.js";
import { fetchTrusting } from "../tls/fetch.js";
import { AuthorizationService } from "./authorizations.js";
import { DomainService } from "./domains.js";
import { ResourceServerService } from "./resourceServers.js";

export interface OAuthServices {
  domains: DomainService;
  resourceServers: ResourceServerService;
  identityProviders: IdentityProviderService;
  authorizations: AuthorizationService;
  hostedSessions: HostedSessionService;
  federation: FederationService;
  branding: BrandingRegistry;
}

export function createOAuthServices(o: {
  store: Store;
  clock: Clock;
  random: Random;
  crypto: DataCrypto;
  urls: PublicUrls;
  log: Logger;
  tokens: TokenService;
  revocation: RevocationService;
  pools: PoolService;
  users: UserService;
  triggers: Triggers;
  /** CAs the relying party trusts besides the system's (the development CA serving dev Google). */
  trustedCaPems?: string[];
}): OAuthServices {
  const base = { store: o.store, clock: o.clock, random: o.random };
  const identityProviders = new IdentityProviderService({ ...base, crypto: o.crypto });
  const relyingParty = new RelyingParty({
    fetch: fetchTrusting(o.trustedCaPems ?? []),
    now: () => o.clock.now().getTime(),
  });
  return {
    domains: new DomainService({ ...base, urls: o.urls }),
    resourceServers: new ResourceServerService(base),
    identityProviders,
    authorizations: new AuthorizationService({ ...base, tokens: o.tokens, revocation: o.revocation }),
    hostedSessions: new HostedSessionService(base),
    federation: new FederationService({
      ...base,
      crypto: o.crypto,
      urls: o.urls,
      pools: o.pools,
      users: o.users,
      triggers: o.triggers,
      identityProviders,
      relyingParty,
      log: o.log,
    }),
    branding: new BrandingRegistry(),
  };
}
