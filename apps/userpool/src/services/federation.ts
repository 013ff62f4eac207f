/**
 * Sign-in through an identity provider: `begin` stores the flow's state (hashed handle; the PKCE
 * verifier and nonce sealed under the data key) and sends the browser to the provider;
 * /oauth2/idpresponse calls `complete`, which uses the state up atomically, has openid-client
 * validate the provider's answer, and provisions the federated user.
 */
import type { Clock } from "../clock.js";
import { sha256, type DataCrypto } from "../crypto/envelope.js";
import type { Logger } from "../log.js";
import type { Params } from "../oauth/params.js";
import type { Random } from "../random.js";
import type { AuthorizationRequest } from "../oauth/authorize/request.js";
import type { PoolService } from "./pools.js";
import type { Triggers } from "./triggers.js";
import type { PublicUrls } from "./urls.js";
import type { UserService } from "./users.js";
import type { Store, UserRow } from "../store/index.js";
import { provisionFederatedUser } from "./federatedUsers.js";
import type { IdentityProvider, IdentityProviderService } from "./identityProviders.js";
import type { RelyingParty } from "../federation/relyingParty.js";

const STATE_TTL_MS = 10 * 60_000;
const aad = (stateHash: string) => `federation-state|${stateHash}`;

interface SealedState {
  /** The client's authorization request, to resume once the provider answers. */
  params: Params;
  nonce: string;
  codeVerifier: string;
}

export class FederationError extends Error {
  override name = "FederationError";
}

export class FederationService {
  constructor(
    private readonly deps: {
      store: Store;
      crypto: DataCrypto;
      random: Random;
      clock: Clock;
      urls: PublicUrls;
      pools: PoolService;
      users: UserService;
      triggers: Triggers;
      identityProviders: IdentityProviderService;
      relyingParty: RelyingParty;
      log: Logger;
    },
  ) {}

  /** Our redirect URI at every provider (Cognito's is <domain>/oauth2/idpresponse). */
  callbackUrl(): string {
    return `${this.deps.urls.hosted()}/oauth2/idpresponse`;
  }

  async begin(r: AuthorizationRequest, provider: IdentityProvider): Promise<string> {
    const state = this.deps.random.bytes(32).toString("base64url");
    const sealed: SealedState = {
      params: r.params,
      nonce: this.deps.random.bytes(24).toString("base64url"),
      codeVerifier: this.deps.random.bytes(48).toString("base64url"),
    };
    const stateHash = sha256(state);
    const now = this.deps.clock.now().getTime();
    await this.deps.store.federationStates.create({
      stateHash,
      poolId: r.pool.id,
      providerName: provider.name,
      dataEnc: this.deps.crypto.encrypt(JSON.stringify(sealed), aad(stateHash)),
      createdAt: now,
      expiresAt: now + STATE_TTL_MS,
      usedAt: null,
    });
    return this.deps.relyingParty.authorizationUrl(provider, {
      redirectUri: this.callbackUrl(),
      state,
      nonce: sealed.nonce,
      codeVerifier: sealed.codeVerifier,
    });
  }

  /**
   * Handles the provider's redirect. Returns the original authorization parameters and the signed-in
   * user; throws FederationError (shown as an error page) for anything we cannot trust. `admit`
   * runs once the pool is known and before the provider is asked anything (the request-rate limit).
   */
  async complete(
    query: Params,
    currentUrl: URL,
    admit?: (poolId: string) => Promise<void>,
  ): Promise<{ params: Params; user: UserRow; provider: IdentityProvider }> {
    const state = query.state;
    if (!state || state.length > 256) throw new FederationError("The sign-in response is missing its state.");
    const row = await this.deps.store.federationStates.consume(sha256(state), this.deps.clock.now().getTime());
    if (!row) throw new FederationError("This sign-in link has expired or was already used. Start again from the app.");
    await admit?.(row.poolId);
    const sealed = JSON.parse(
      this.deps.crypto.decrypt(row.dataEnc, aad(row.stateHash)).toString("utf8"),
    ) as SealedState;
    if (query.error)
      throw new FederationError(`The identity provider refused the sign-in (${query.error.slice(0, 64)}).`);
    const provider = await this.deps.identityProviders.find(row.poolId, row.providerName);
    const pool = await this.deps.pools.findPool(row.poolId);
    const client = sealed.params.client_id ? await this.deps.pools.findClient(sealed.params.client_id) : undefined;
    if (!provider || !pool || !client)
      throw new FederationError("The identity provider or app client no longer exists.");
    let claims: Record<string, unknown>;
    try {
      claims = await this.deps.relyingParty.complete(provider, currentUrl, {
        state,
        nonce: sealed.nonce,
        codeVerifier: sealed.codeVerifier,
      });
    } catch (e) {
      // Internal detail (which check failed) goes to the log, not to the browser.
      this.deps.log.warn(
        { provider: provider.name, err: { name: (e as Error).name, message: (e as Error).message } },
        "identity provider response rejected",
      );
      throw new FederationError("The identity provider's answer could not be verified.");
    }
    const user = await provisionFederatedUser(this.deps, pool, client, provider, claims);
    return { params: sealed.params, user, provider };
  }
}
