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
import type { SocialClient } from "../federation/socialClient.js";
import { isSocialType } from "./socialProviderDetails.js";
import {
  SamlValidationError,
  type SamlServiceProvider,
  type VerifiedAssertion,
} from "../federation/samlServiceProvider.js";
import { samlMetadata } from "./identityProviders.js";
import type { SamlCertificateService } from "./samlCertificates.js";

const STATE_TTL_MS = 10 * 60_000;
const aad = (stateHash: string) => `federation-state|${stateHash}`;

interface SealedState {
  /** The client's authorization request, to resume once the provider answers. */
  params: Params;
  nonce: string;
  codeVerifier: string;
}

/** The handle of an outstanding AuthnRequest (hashed like every state handle). */
const samlRequestHash = (id: string) => sha256(`saml-request|${id}`);

/** InResponseTo of a (not yet verified) Response: only used to find the request it claims to answer. */
function peekInResponseTo(samlResponse: string): string | undefined {
  const head = Buffer.from(samlResponse.slice(0, 8192), "base64").toString("utf8");
  const root = /<(?:[\w.-]+:)?Response\b[^>]*>/.exec(head)?.[0];
  const m = root && /\sInResponseTo\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(root);
  return m ? (m[1] ?? m[2]) : undefined;
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
      social: SocialClient;
      saml: SamlServiceProvider;
      samlCertificates: SamlCertificateService;
      log: Logger;
    },
  ) {}

  /** Our assertion consumer service (Cognito's is <domain>/saml2/idpresponse). */
  acsUrl(): string {
    return `${this.deps.urls.hosted()}/saml2/idpresponse`;
  }

  /** Our redirect URI at every provider (Cognito's is <domain>/oauth2/idpresponse). */
  callbackUrl(): string {
    return `${this.deps.urls.hosted()}/oauth2/idpresponse`;
  }

  async begin(r: AuthorizationRequest, provider: IdentityProvider): Promise<string> {
    if (provider.type === "SAML") return this.beginSaml(r, provider);
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
    if (isSocialType(provider.type))
      return this.deps.social.authorizationUrl(provider, {
        redirectUri: this.callbackUrl(),
        state,
        nonce: sealed.nonce,
      });
    return this.deps.relyingParty.authorizationUrl(provider, {
      redirectUri: this.callbackUrl(),
      state,
      nonce: sealed.nonce,
      codeVerifier: sealed.codeVerifier,
    });
  }

  /**
   * SP-initiated SAML sign-in: an AuthnRequest whose ID is the stored, single-use state handle, so the
   * Response's InResponseTo finds (and uses up) the client's request.
   */
  private async beginSaml(r: AuthorizationRequest, provider: IdentityProvider): Promise<string> {
    // xs:ID must not start with a digit.
    const id = `_${this.deps.random.bytes(20).toString("hex")}`;
    const stateHash = samlRequestHash(id);
    const now = this.deps.clock.now().getTime();
    const sealed: Pick<SealedState, "params"> = { params: r.params };
    await this.deps.store.federationStates.create({
      stateHash,
      poolId: r.pool.id,
      providerName: provider.name,
      dataEnc: this.deps.crypto.encrypt(JSON.stringify(sealed), aad(stateHash)),
      createdAt: now,
      expiresAt: now + STATE_TTL_MS,
      usedAt: null,
    });
    const key = provider.details.RequestSigningAlgorithm
      ? (await this.deps.samlCertificates.keyPair(r.pool.id)).privateKeyPem
      : undefined;
    return this.deps.saml.authnRequestUrl(r.pool.id, samlMetadata(provider), id, key);
  }

  /**
   * POST /saml2/idpresponse. With InResponseTo, the stored request it answers gives the pool, provider and the
   * client's parameters; without, it is IdP-initiated: `idpInitiated` validates the RelayState's authorization
   * parameters (Cognito: "The RelayState parameter contains the request parameters that you would otherwise pass
   * to the oauth2/authorize endpoint") and the provider must have IDPInit. Then the assertion is verified, its ID
   * remembered until it expires (replay), and the federated user provisioned.
   */
  async completeSaml(
    form: Params,
    admit: (poolId: string) => Promise<void>,
    idpInitiated: (params: Params) => Promise<AuthorizationRequest>,
  ): Promise<{ params: Params; user: UserRow; provider: IdentityProvider }> {
    const samlResponse = form.SAMLResponse;
    if (!samlResponse) throw new FederationError("The sign-in response is missing its SAMLResponse.");
    const requestId = peekInResponseTo(samlResponse);
    let params: Params;
    let poolId: string;
    let provider: IdentityProvider | undefined;
    if (requestId !== undefined) {
      const stateHash = samlRequestHash(requestId);
      const row = await this.deps.store.federationStates.consume(stateHash, this.deps.clock.now().getTime());
      if (!row) throw new FederationError("This sign-in has expired or was already used. Start again from the app.");
      await admit(row.poolId);
      params = (JSON.parse(this.deps.crypto.decrypt(row.dataEnc, aad(stateHash)).toString("utf8")) as SealedState)
        .params;
      poolId = row.poolId;
      provider = await this.deps.identityProviders.find(row.poolId, row.providerName);
    } else {
      if (!form.RelayState) throw new FederationError("An unsolicited SAML response needs a RelayState.");
      const r = await idpInitiated(Object.fromEntries(new URLSearchParams(form.RelayState)));
      await admit(r.pool.id);
      if (!r.provider) throw new FederationError("The RelayState names no identity provider.");
      provider = await this.deps.identityProviders.find(r.pool.id, r.provider);
      if (provider?.type === "SAML" && provider.details.IDPInit !== "true")
        throw new FederationError(`${provider.name} does not allow IdP-initiated sign-in.`);
      params = r.params;
      poolId = r.pool.id;
    }
    const pool = await this.deps.pools.findPool(poolId);
    const client = params.client_id ? await this.deps.pools.findClient(params.client_id) : undefined;
    if (provider?.type !== "SAML" || !pool || !client)
      throw new FederationError("The identity provider or app client no longer exists.");
    let assertion: VerifiedAssertion;
    try {
      const key =
        provider.details.EncryptedResponses === "true"
          ? (await this.deps.samlCertificates.keyPair(poolId)).privateKeyPem
          : undefined;
      assertion = await this.deps.saml.verify(poolId, samlMetadata(provider), samlResponse, key);
      if (assertion.inResponseTo !== requestId) throw new SamlValidationError("InResponseTo does not match");
    } catch (e) {
      if (!(e instanceof SamlValidationError)) throw e;
      // Which check failed goes to the log, not to the browser.
      this.deps.log.warn({ provider: provider.name, reason: e.message }, "SAML response rejected");
      throw new FederationError("The identity provider's answer could not be verified.");
    }
    const now = this.deps.clock.now().getTime();
    const seen = await this.deps.store.federationStates.rememberOnce({
      stateHash: sha256(`saml-assertion|${poolId}|${provider.name}|${assertion.id}`),
      poolId,
      providerName: provider.name,
      dataEnc: "",
      createdAt: now,
      expiresAt: assertion.expiresAt,
      usedAt: now,
    });
    if (!seen) {
      this.deps.log.warn({ provider: provider.name, reason: "replayed assertion" }, "SAML response rejected");
      throw new FederationError("The identity provider's answer could not be verified.");
    }
    // The NameID is the user's identity at the provider (username <Provider>_<NameID>, as Cognito's).
    const claims: Record<string, unknown> = { ...assertion.attributes, sub: assertion.nameId };
    const user = await provisionFederatedUser(this.deps, pool, client, provider, claims);
    return { params, user, provider };
  }

  /**
   * Handles the provider's redirect (or, for Sign in with Apple, its form post: `query` is then the form).
   * Returns the original authorization parameters and the signed-in
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
      if (isSocialType(provider.type)) {
        if (!query.code) throw new Error("the answer has no code");
        claims = await this.deps.social.complete(provider, {
          code: query.code,
          redirectUri: this.callbackUrl(),
          nonce: sealed.nonce,
          user: query.user,
        });
      } else {
        claims = await this.deps.relyingParty.complete(provider, currentUrl, {
          state,
          nonce: sealed.nonce,
          codeVerifier: sealed.codeVerifier,
        });
      }
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
