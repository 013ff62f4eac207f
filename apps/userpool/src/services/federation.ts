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
import type { HostedSessionRow, Store, UserRow } from "../store/index.js";
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
import {
  logoutRequestUrl,
  logoutResponseUrl,
  LOGOUT_MESSAGE_TTL_MS,
  peekLogoutMessage,
  STATUS_SUCCESS,
  verifyLogoutMessage,
} from "../federation/samlLogout.js";
import { samlMetadata } from "./identityProviders.js";
import type { Pool } from "./pools.js";
import type { SamlCertificateService } from "./samlCertificates.js";
import type { RevocationService } from "./revocation.js";

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

/** The handle of an outstanding LogoutRequest of ours. */
const samlLogoutHash = (id: string) => sha256(`saml-logout|${id}`);

/** InResponseTo of a (not yet verified) Response: only used to find the request it claims to answer. */
function peekInResponseTo(samlResponse: string): string | undefined {
  const head = Buffer.from(samlResponse.slice(0, 8192), "base64").toString("utf8");
  const root = /<(?:[\w.-]+:)?Response\b[^>]*>/.exec(head)?.[0];
  const m = root && /\sInResponseTo\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(root);
  return m ? (m[1] ?? m[2]) : undefined;
}

export class FederationError extends Error {
  override name = "FederationError";
  /**
   * The app client whose authorization request this was, once the state (or RelayState) named it: the failure page
   * then leads back to that client's app. Undefined for a forged, expired or replayed state.
   */
  constructor(
    message: string,
    readonly clientId?: string,
  ) {
    super(message);
  }
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
      /** Decrypts EncryptedResponses assertions; never the signing key (ADR 0048). */
      samlEncryptionCertificates: SamlCertificateService;
      revocation: RevocationService;
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
  ): Promise<{ params: Params; user: UserRow; provider: IdentityProvider; sessionIndex?: string }> {
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
      if (!r.provider) throw new FederationError("The RelayState names no identity provider.", r.params.client_id);
      provider = await this.deps.identityProviders.find(r.pool.id, r.provider);
      if (provider?.type === "SAML" && provider.details.IDPInit !== "true")
        throw new FederationError(`${provider.name} does not allow IdP-initiated sign-in.`, r.params.client_id);
      params = r.params;
      poolId = r.pool.id;
    }
    const pool = await this.deps.pools.findPool(poolId);
    const client = params.client_id ? await this.deps.pools.findClient(params.client_id) : undefined;
    if (provider?.type !== "SAML" || !pool || !client)
      throw new FederationError("The identity provider or app client no longer exists.", params.client_id);
    let assertion: VerifiedAssertion;
    try {
      const key =
        provider.details.EncryptedResponses === "true"
          ? (await this.deps.samlEncryptionCertificates.keyPair(poolId)).privateKeyPem
          : undefined;
      assertion = await this.deps.saml.verify(poolId, samlMetadata(provider), samlResponse, key);
      if (assertion.inResponseTo !== requestId) throw new SamlValidationError("InResponseTo does not match");
    } catch (e) {
      if (!(e instanceof SamlValidationError)) throw e;
      // Which check failed goes to the log, not to the browser.
      this.deps.log.warn({ provider: provider.name, reason: e.message }, "SAML response rejected");
      throw new FederationError("The identity provider's answer could not be verified.", client.id);
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
      throw new FederationError("The identity provider's answer could not be verified.", client.id);
    }
    // The NameID is the user's identity at the provider (username <Provider>_<NameID>, as Cognito's).
    const claims: Record<string, unknown> = { ...assertion.attributes, sub: assertion.nameId };
    const user = await provisionFederatedUser(this.deps, pool, client, provider, claims);
    return { params, user, provider, ...(assertion.sessionIndex ? { sessionIndex: assertion.sessionIndex } : {}) };
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
      throw new FederationError(
        `The identity provider refused the sign-in (${query.error.slice(0, 64)}).`,
        sealed.params.client_id,
      );
    const provider = await this.deps.identityProviders.find(row.poolId, row.providerName);
    const pool = await this.deps.pools.findPool(row.poolId);
    const client = sealed.params.client_id ? await this.deps.pools.findClient(sealed.params.client_id) : undefined;
    if (!provider || !pool || !client)
      throw new FederationError("The identity provider or app client no longer exists.", sealed.params.client_id);
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
      throw new FederationError("The identity provider's answer could not be verified.", client.id);
    }
    const user = await provisionFederatedUser(this.deps, pool, client, provider, claims);
    return { params: sealed.params, user, provider };
  }

  /** Our single-logout endpoint (Cognito's is <domain>/saml2/logout). */
  sloUrl(): string {
    return `${this.deps.urls.hosted()}/saml2/logout`;
  }

  /**
   * SP-initiated single logout ("SAML sign-out flow"): when the hosted session came from a SAML provider with
   * IDPSignout, the IdP's SingleLogoutService URL carrying our signed LogoutRequest for the user's NameID and the
   * session's SessionIndex. The request's ID is a single-use state handle holding `next` (where the sign-out
   * request said to go; none: a signed-out page) until the LogoutResponse comes back. Undefined when there is no
   * IdP to sign out of.
   */
  async beginSamlLogout(
    pool: Pool,
    user: UserRow,
    session: Pick<HostedSessionRow, "provider" | "samlSessionIndex">,
    next: string | undefined,
  ): Promise<string | undefined> {
    if (session.provider === "COGNITO") return undefined;
    const provider = await this.deps.identityProviders.find(pool.id, session.provider);
    if (provider?.type !== "SAML" || provider.details.IDPSignout !== "true") return undefined;
    const metadata = samlMetadata(provider);
    const nameId = await this.identityAt(pool.id, user, provider.name);
    if (!metadata.sloRedirect || !nameId) return undefined;
    const id = `_${this.deps.random.bytes(20).toString("hex")}`;
    const stateHash = samlLogoutHash(id);
    const now = this.deps.clock.now();
    await this.deps.store.federationStates.create({
      stateHash,
      poolId: pool.id,
      providerName: provider.name,
      dataEnc: this.deps.crypto.encrypt(JSON.stringify(next !== undefined ? { next } : {}), aad(stateHash)),
      createdAt: now.getTime(),
      expiresAt: now.getTime() + LOGOUT_MESSAGE_TTL_MS,
      usedAt: null,
    });
    const keyPem = (await this.deps.samlCertificates.keyPair(pool.id)).privateKeyPem;
    return logoutRequestUrl({
      poolId: pool.id,
      metadata,
      id,
      nameId,
      ...(session.samlSessionIndex !== undefined ? { sessionIndex: session.samlSessionIndex } : {}),
      now,
      keyPem,
    });
  }

  /**
   * POST /saml2/logout. A LogoutResponse must answer our outstanding LogoutRequest (InResponseTo, used up
   * here, so a replay finds nothing) and be signed by that provider; then the browser goes on to the
   * target kept with the request (none: the caller shows a signed-out page). A LogoutRequest (IdP-initiated)
   * names the pool by its NameID's SPNameQualifier (our SP entity ID: this endpoint serves every pool), must be
   * signed by a SAML provider of that pool with IDPSignout, and is accepted once (its ID is remembered). The
   * hosted sessions it names end (endSamlSessions), and the browser goes back to the IdP with our signed
   * LogoutResponse.
   */
  async samlLogout(form: Params, admit: (poolId: string) => Promise<void>): Promise<{ redirect?: string }> {
    if ((form.SAMLResponse === undefined) === (form.SAMLRequest === undefined))
      throw new FederationError("The sign-out message needs exactly one of SAMLResponse and SAMLRequest.");
    const b64 = (form.SAMLResponse ?? form.SAMLRequest)!;
    const peeked = peekLogoutMessage(b64);
    const now = this.deps.clock.now().getTime();
    if (form.SAMLResponse !== undefined) {
      if (peeked.kind !== "LogoutResponse") throw new FederationError("SAMLResponse does not hold a LogoutResponse.");
      const stateHash = peeked.inResponseTo ? samlLogoutHash(peeked.inResponseTo) : undefined;
      const row = stateHash ? await this.deps.store.federationStates.consume(stateHash, now) : undefined;
      if (!row || !stateHash) throw new FederationError("This sign-out has expired or was already used.");
      await admit(row.poolId);
      const { next } = JSON.parse(this.deps.crypto.decrypt(row.dataEnc, aad(stateHash)).toString("utf8")) as {
        next?: string;
      };
      const provider = await this.deps.identityProviders.find(row.poolId, row.providerName);
      if (provider?.type !== "SAML") throw new FederationError("The identity provider no longer exists.");
      const msg = await this.verifyLogout(provider, b64, now);
      if (msg.kind !== "LogoutResponse" || msg.inResponseTo !== peeked.inResponseTo)
        throw this.logoutRejected(provider, "InResponseTo does not match");
      // The hosted session ended before the request went out; only the IdP's side may have failed.
      if (!msg.success)
        throw new FederationError("You are signed out of this app, but the identity provider did not sign you out.");
      return next !== undefined ? { redirect: next } : {};
    }
    if (peeked.kind !== "LogoutRequest") throw new FederationError("SAMLRequest does not hold a LogoutRequest.");
    const poolId = this.spNameQualifierPool(b64);
    const pool = poolId ? await this.deps.pools.findPool(poolId) : undefined;
    if (!pool) throw new FederationError("The sign-out request does not name a user pool of this server.");
    await admit(pool.id);
    const provider = await this.providerByEntityId(pool.id, peeked.issuer);
    if (!provider) throw new FederationError("The sign-out request's issuer is not an identity provider of this pool.");
    if (provider.details.IDPSignout !== "true")
      throw new FederationError(`${provider.name} does not have IDPSignout (single logout) turned on.`);
    const msg = await this.verifyLogout(provider, b64, now);
    if (msg.kind !== "LogoutRequest") throw this.logoutRejected(provider, "not a LogoutRequest");
    const fresh = await this.deps.store.federationStates.rememberOnce({
      stateHash: sha256(`saml-logout-request|${pool.id}|${provider.name}|${msg.id}`),
      poolId: pool.id,
      providerName: provider.name,
      dataEnc: "",
      createdAt: now,
      expiresAt: msg.expiresAt,
      usedAt: now,
    });
    if (!fresh) throw this.logoutRejected(provider, "replayed LogoutRequest");
    const userId = await this.userOfIdentity(pool, provider.name, msg.nameId);
    if (userId) await this.endSamlSessions(pool.id, userId, provider.name, msg.sessionIndexes);
    const keyPem = (await this.deps.samlCertificates.keyPair(pool.id)).privateKeyPem;
    return {
      redirect: logoutResponseUrl({
        poolId: pool.id,
        metadata: samlMetadata(provider),
        inResponseTo: msg.id,
        status: STATUS_SUCCESS,
        now: this.deps.clock.now(),
        keyPem,
      }),
    };
  }

  /**
   * SAML core §3.7.1: with SessionIndex elements only the sessions they name end, without any every session of the
   * principal with this IdP (its hosted sessions from `provider`; a password or another provider's session of the
   * same user is not the IdP's to end). A session with no SessionIndex on record (from before migration 0026, or
   * an assertion without one) cannot be told apart, so it ends whatever the request names: the safe side (ADR 0055).
   * The IdP's front channel does not carry the user's cookie (SameSite), so sessions are found server-side. The
   * tokens the app clients got through those sessions are revoked with them, and only those.
   */
  private async endSamlSessions(poolId: string, userId: string, provider: string, sessionIndexes: string[]) {
    const ended = await this.deps.store.hostedSessions.deleteForSamlLogout({
      poolId,
      userId,
      provider,
      ...(sessionIndexes.length ? { sessionIndexes } : {}),
    });
    for (const o of await this.deps.store.grants.originsOfHostedSessions(poolId, ended))
      await this.deps.revocation.revokeOrigin({ poolId, originJti: o.originJti, userId: o.userId });
    this.deps.log.info(
      { provider, sessionIndexes: sessionIndexes.length, ended: ended.length },
      "SAML LogoutRequest ended hosted sessions",
    );
  }

  private async verifyLogout(provider: IdentityProvider, b64: string, now: number) {
    try {
      return await verifyLogoutMessage(samlMetadata(provider), b64, this.sloUrl(), now);
    } catch (e) {
      if (!(e instanceof SamlValidationError)) throw e;
      throw this.logoutRejected(provider, e.message);
    }
  }

  /** Which check failed goes to the log, not to the browser. */
  private logoutRejected(provider: IdentityProvider, reason: string): FederationError {
    this.deps.log.warn({ provider: provider.name, reason }, "SAML logout message rejected");
    return new FederationError("The identity provider's sign-out message could not be verified.");
  }

  /** The pool an (unverified) LogoutRequest names: its NameID's SPNameQualifier, our SP entity ID. */
  private spNameQualifierPool(b64: string): string | undefined {
    const head = Buffer.from(b64.slice(0, 16384), "base64").toString("utf8");
    const m = /\sSPNameQualifier\s*=\s*"urn:amazon:cognito:sp:([\w-]{1,55})"/.exec(head);
    return m?.[1];
  }

  private async providerByEntityId(poolId: string, entityId: string | undefined) {
    if (!entityId) return undefined;
    let nextToken: string | undefined;
    do {
      const page = await this.deps.identityProviders.list(poolId, 60, nextToken);
      const hit = page.providers.find((p) => p.type === "SAML" && samlMetadata(p).entityId === entityId);
      if (hit) return hit;
      nextToken = page.nextToken;
    } while (nextToken);
    return undefined;
  }

  /** The user's identity (NameID, sub) at `providerName`: its own `identities`, or a link to it. */
  private async identityAt(poolId: string, user: UserRow, providerName: string): Promise<string | undefined> {
    try {
      const identities = JSON.parse(user.attributes.identities ?? "[]") as { providerName?: string; userId?: string }[];
      const own = identities.find((i) => i.providerName === providerName)?.userId;
      if (own) return own;
    } catch {
      // A malformed attribute is no identity; the links may still have one.
    }
    const links = await this.deps.store.providerLinks.listForUser(poolId, user.id);
    return links.find((l) => l.providerName === providerName)?.providerUserId;
  }

  /** The user an identity signs in as: the one linked to it, or its own federated user. */
  private async userOfIdentity(pool: Pool, providerName: string, nameId: string): Promise<string | undefined> {
    const link = await this.deps.store.providerLinks.find(pool.id, providerName, nameId);
    if (link) return link.userId;
    const key = this.deps.users.usernameKey(pool, `${providerName}_${nameId}`);
    return (await this.deps.store.users.getByUsernameKey(pool.id, key))?.id;
  }
}
