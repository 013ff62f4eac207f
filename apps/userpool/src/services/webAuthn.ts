/**
 * Passkeys (WebAuthn): registration (StartWebAuthnRegistration / CompleteWebAuthnRegistration), the
 * user's list, deletion, and the checks of a USER_AUTH WEB_AUTHN answer (userAuth.ts). Attestation and
 * assertion signatures are verified by @simplewebauthn/server; this file decides what is expected:
 * the relying party, the allowed origins, user verification, which challenge and which credential
 * (developer guide, "Passkey sign-in"; API reference, WebAuthnConfigurationType). Decisions in ADR 0026.
 */
import type { WebAuthnCredentialDescription } from "@aws-sdk/client-cognito-identity-provider";
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import {
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  ResourceNotFoundException,
  WebAuthnChallengeNotFoundException,
  WebAuthnClientMismatchException,
  WebAuthnConfigurationMissingException,
  WebAuthnCredentialNotSupportedException,
  WebAuthnNotEnabledException,
  WebAuthnOriginNotAllowedException,
  WebAuthnRelyingPartyMismatchException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import { StoreConflictError } from "../store/conflict.js";
import type { Store, UserRow, WebAuthnCredentialRow } from "../store/index.js";
import { firstAuthFactors, webAuthnSettings } from "./poolSettings.js";
import type { Pool } from "./pools.js";
import type { PublicUrls } from "./urls.js";

/** "Maximum number of passkeys per user: 20" (developer guide, "Quotas in Amazon Cognito"). */
export const MAX_PASSKEYS_PER_USER = 20;
/** ListWebAuthnCredentials MaxResults: 0–20 (API reference); 20 when left out. */
export const MAX_LIST_RESULTS = 20;
/** How long a registration challenge may be answered, and the `timeout` the browser is given. */
export const REGISTRATION_TIMEOUT_MS = 5 * 60_000;
/** ES256 and RS256, the algorithms every platform authenticator and security key offers. */
const ALGORITHMS = [-7, -257];
/** Attestation formats accepted (ADR 0026): `none` and `packed` (self or with an x5c chain). */
const FORMATS = new Set(["none", "packed"]);

/** @simplewebauthn/server, loaded with the first passkey operation: most pools have none (memory, ADR 0038). */
let library: Promise<[typeof import("@simplewebauthn/server"), typeof import("@simplewebauthn/server/helpers")]>;
function webAuthnLibrary() {
  library ??= Promise.all([import("@simplewebauthn/server"), import("@simplewebauthn/server/helpers")]);
  return library;
}

/** The relying party a pool's passkeys belong to, and how strictly it wants user verification. */
export interface RelyingParty {
  id: string;
  userVerification: "required" | "preferred";
}

/** The state a WEB_AUTHN sign-in challenge keeps (in its challenge session). */
export interface AssertionChallenge {
  challenge: string;
  rpId: string;
}

type Deps = { store: Store; clock: Clock; random: Random; urls: PublicUrls };

/** Parses a JSON document the client sent; a string is parsed once more (CREDENTIAL travels as a string). */
function jsonObject(value: unknown, member: string): Record<string, unknown> {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw new InvalidParameterException(`${member} must be a JSON object.`);
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new InvalidParameterException(`${member} must be a JSON object.`);
  return v as Record<string, unknown>;
}

/** The member `path` of a credential response as a non-empty string, or InvalidParameterException. */
function text(o: Record<string, unknown>, key: string, member: string): string {
  const v = o[key];
  if (typeof v !== "string" || v === "") throw new InvalidParameterException(`${member}.${key} is required.`);
  return v;
}

/** clientDataJSON, decoded: what the browser says it did, and where. */
function clientDataOf(response: Record<string, unknown>, member: string): { challenge: string; origin: string } {
  const raw = text(response, "clientDataJSON", `${member}.response`);
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new InvalidParameterException(`${member}.response.clientDataJSON is not base64url-encoded JSON.`);
  }
  const d = data as { challenge?: unknown; origin?: unknown };
  if (typeof d.challenge !== "string" || typeof d.origin !== "string")
    throw new InvalidParameterException(`${member}.response.clientDataJSON has no challenge or origin.`);
  return { challenge: d.challenge, origin: d.origin };
}

/**
 * The origins a relying party accepts (ADR 0026): `https://<RP ID>` on any port, and for the RP ID
 * `localhost` also `http://localhost` on any port, which browsers treat as a secure context. Subdomains of
 * the RP ID are not accepted: this server's pages are on the RP ID's host itself.
 */
export function originAllowed(origin: string, rpId: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin is scheme://host[:port] and nothing else.
  if (url.origin !== origin || url.hostname !== rpId) return false;
  return url.protocol === "https:" || (rpId === "localhost" && url.protocol === "http:");
}

const description = (c: WebAuthnCredentialRow): WebAuthnCredentialDescription => ({
  CredentialId: c.credentialId,
  FriendlyCredentialName: c.friendlyName,
  RelyingPartyId: c.relyingPartyId,
  ...(c.authenticatorAttachment ? { AuthenticatorAttachment: c.authenticatorAttachment } : {}),
  AuthenticatorTransports: c.transports,
  CreatedAt: new Date(c.createdAt),
});

const encodeCursor = (c: WebAuthnCredentialRow) =>
  Buffer.from(JSON.stringify([c.createdAt, c.credentialId]), "utf8").toString("base64url");

function decodeCursor(token: string): { createdAt: number; credentialId: string } {
  try {
    const [createdAt, credentialId] = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "number" && typeof credentialId === "string") return { createdAt, credentialId };
  } catch {
    // Answered below.
  }
  throw new InvalidParameterException("Invalid NextToken.");
}

export class WebAuthnService {
  constructor(private readonly deps: Deps) {}

  /** Whether the pool has passkeys (WEB_AUTHN among AllowedFirstAuthFactors). */
  enabled(pool: Pool): boolean {
    return firstAuthFactors(pool.settings).includes("WEB_AUTHN");
  }

  /**
   * Whether USER_AUTH offers WEB_AUTHN: not while MFA is required, since a passkey here is a single factor
   * ("passkey sign-in is available when MFA is required" only with passkey MFA, which this server refuses;
   * API reference, WebAuthnMfaSettingsType). Registration stays possible.
   */
  offered(pool: Pool): boolean {
    return this.enabled(pool) && pool.settings.MfaConfiguration !== "ON";
  }

  /**
   * The pool's relying party: WebAuthnConfiguration.RelyingPartyId, else (with a domain) the host the
   * hosted UI is served on, which stands in for the pool's domain here; neither is
   * WebAuthnConfigurationMissingException (API reference, StartWebAuthnRegistration errors).
   */
  async relyingParty(pool: Pool): Promise<RelyingParty> {
    const s = webAuthnSettings(pool.settings);
    let id = s.RelyingPartyId;
    if (id === undefined && (await this.deps.store.domains.getForPool(pool.id)))
      id = new URL(this.deps.urls.hosted()).hostname;
    if (id === undefined)
      throw new WebAuthnConfigurationMissingException(
        "The user pool has no WebAuthnConfiguration.RelyingPartyId (SetUserPoolMfaConfig) and no domain.",
      );
    return { id, userVerification: s.UserVerification };
  }

  private requireEnabled(pool: Pool): void {
    if (!this.enabled(pool))
      throw new WebAuthnNotEnabledException(
        "Passkeys are not enabled: add WEB_AUTHN to Policies.SignInPolicy.AllowedFirstAuthFactors.",
      );
  }

  /** StartWebAuthnRegistration: CredentialCreationOptions (PublicKeyCredentialCreationOptionsJSON). */
  async startRegistration(pool: Pool, user: UserRow, clientId: string): Promise<Record<string, unknown>> {
    this.requireEnabled(pool);
    const rp = await this.relyingParty(pool);
    const existing = await this.deps.store.webAuthn.listCredentials(pool.id, user.id, MAX_PASSKEYS_PER_USER + 1);
    if (existing.length >= MAX_PASSKEYS_PER_USER)
      throw new LimitExceededException(`A user can register at most ${MAX_PASSKEYS_PER_USER} passkeys.`);
    const challenge = this.deps.random.bytes(32).toString("base64url");
    const now = this.deps.clock.now().getTime();
    await this.deps.store.webAuthn.createChallenge({
      idHash: sha256(challenge),
      poolId: pool.id,
      userId: user.id,
      clientId,
      createdAt: now,
      expiresAt: now + REGISTRATION_TIMEOUT_MS,
    });
    return {
      challenge,
      rp: { id: rp.id, name: pool.name },
      // The user handle is the user's sub: stable, and no personal data stored on the authenticator.
      user: {
        id: Buffer.from(user.attributes.sub ?? user.id, "utf8").toString("base64url"),
        name: user.username,
        displayName: user.attributes.email ?? user.attributes.phone_number ?? user.username,
      },
      pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: "public-key", alg })),
      timeout: REGISTRATION_TIMEOUT_MS,
      excludeCredentials: existing.map((c) => ({ type: "public-key", id: c.credentialId, transports: c.transports })),
      // A discoverable credential (a passkey), with user verification as the pool wants it.
      authenticatorSelection: {
        residentKey: "required",
        requireResidentKey: true,
        userVerification: rp.userVerification,
      },
      attestation: "none",
      extensions: { credProps: true },
    };
  }

  /** CompleteWebAuthnRegistration: verifies the RegistrationResponseJSON and stores the passkey. */
  async completeRegistration(pool: Pool, user: UserRow, clientId: string, credential: unknown): Promise<void> {
    this.requireEnabled(pool);
    const member = "Credential";
    const cred = jsonObject(credential, member);
    const response = jsonObject(cred.response, `${member}.response`);
    text(cred, "id", member);
    const attestationObject = text(response, "attestationObject", `${member}.response`);
    const data = clientDataOf(response, member);
    const rp = await this.relyingParty(pool);
    // The challenge first: without a live one of this user's there is nothing to check against. It is
    // used up now, so a registration answer is never accepted twice.
    const now = this.deps.clock.now().getTime();
    // Scoped to the user, so nobody else's answer can use up (or use) this user's challenge.
    const ch = await this.deps.store.webAuthn.consumeChallenge(pool.id, user.id, sha256(data.challenge), now);
    if (!ch) throw new WebAuthnChallengeNotFoundException("The registration challenge was not found or has expired.");
    if (ch.clientId !== clientId)
      throw new WebAuthnClientMismatchException(
        "The registration was started with an access token of another app client.",
      );
    if (!originAllowed(data.origin, rp.id))
      throw new WebAuthnOriginNotAllowedException(`Origin ${data.origin} is not allowed for relying party ${rp.id}.`);
    await this.checkAttestation(attestationObject, rp.id);
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    const [{ verifyRegistrationResponse: verifyRegistration }] = await webAuthnLibrary();
    try {
      verified = await verifyRegistration({
        response: cred as unknown as RegistrationResponseJSON,
        expectedChallenge: data.challenge,
        expectedOrigin: data.origin,
        expectedRPID: rp.id,
        requireUserVerification: rp.userVerification === "required",
        supportedAlgorithmIDs: ALGORITHMS,
      });
    } catch (err) {
      throw new WebAuthnCredentialNotSupportedException(
        `The passkey registration could not be verified: ${(err as Error).message}`,
      );
    }
    if (!verified.verified)
      throw new WebAuthnCredentialNotSupportedException("The passkey registration was not verified.");
    const info = verified.registrationInfo;
    if ((await this.count(pool, user)) >= MAX_PASSKEYS_PER_USER)
      throw new LimitExceededException(`A user can register at most ${MAX_PASSKEYS_PER_USER} passkeys.`);
    const attachment = typeof cred.authenticatorAttachment === "string" ? cred.authenticatorAttachment : null;
    const transports = Array.isArray(response.transports)
      ? response.transports.filter((t): t is string => typeof t === "string").slice(0, 10)
      : [];
    try {
      await this.deps.store.webAuthn.insertCredential({
        poolId: pool.id,
        credentialId: info.credential.id,
        userId: user.id,
        relyingPartyId: rp.id,
        publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
        signCount: info.credential.counter,
        transports,
        friendlyName: friendlyName(attachment, now),
        authenticatorAttachment: attachment,
        createdAt: now,
        lastUsedAt: null,
      });
    } catch (err) {
      if (err instanceof StoreConflictError && err.kind === "passkey")
        throw new WebAuthnCredentialNotSupportedException("This passkey is already registered in the user pool.");
      throw err;
    }
  }

  /** RP ID hash and attestation format, checked before the signature so each refusal names its cause. */
  private async checkAttestation(attestationObject: string, rpId: string): Promise<void> {
    let fmt: string;
    let rpIdHash: Uint8Array;
    const [, { decodeAttestationObject, isoBase64URL, parseAuthenticatorData }] = await webAuthnLibrary();
    try {
      const decoded = decodeAttestationObject(isoBase64URL.toBuffer(attestationObject));
      fmt = decoded.get("fmt");
      rpIdHash = parseAuthenticatorData(decoded.get("authData")).rpIdHash;
    } catch {
      throw new InvalidParameterException("Credential.response.attestationObject is not a valid attestation object.");
    }
    if (!Buffer.from(rpIdHash).equals(Buffer.from(sha256(rpId), "base64url")))
      throw new WebAuthnRelyingPartyMismatchException(`The passkey was not created for relying party ${rpId}.`);
    if (!FORMATS.has(fmt))
      throw new WebAuthnCredentialNotSupportedException(
        `Attestation format ${fmt} is not supported; use none or packed.`,
      );
  }

  count(pool: Pool, user: UserRow): Promise<number> {
    return this.deps.store.webAuthn.countCredentials(pool.id, user.id);
  }

  /** The user's passkeys for the pool's current relying party (those sign-in can use). */
  async usable(pool: Pool, user: UserRow, rpId: string): Promise<WebAuthnCredentialRow[]> {
    const all = await this.deps.store.webAuthn.listCredentials(pool.id, user.id, MAX_PASSKEYS_PER_USER);
    return all.filter((c) => c.relyingPartyId === rpId);
  }

  /** ListWebAuthnCredentials: oldest first, MaxResults (0–20, default 20) a page. */
  async list(
    pool: Pool,
    user: UserRow,
    maxResults: number | undefined,
    nextToken: string | undefined,
  ): Promise<{ Credentials: WebAuthnCredentialDescription[]; NextToken?: string }> {
    const limit = maxResults ?? MAX_LIST_RESULTS;
    const after = nextToken === undefined ? undefined : decodeCursor(nextToken);
    if (limit === 0) return { Credentials: [], ...(nextToken ? { NextToken: nextToken } : {}) };
    const rows = await this.deps.store.webAuthn.listCredentials(pool.id, user.id, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      Credentials: page.map(description),
      ...(rows.length > limit && last ? { NextToken: encodeCursor(last) } : {}),
    };
  }

  /** DeleteWebAuthnCredential: one of the user's own passkeys; any other ID is ResourceNotFoundException. */
  async delete(pool: Pool, user: UserRow, credentialId: string): Promise<void> {
    if (!(await this.deps.store.webAuthn.deleteCredential(pool.id, user.id, credentialId)))
      throw new ResourceNotFoundException("Credential not found.");
  }

  /** CREDENTIAL_REQUEST_OPTIONS (PublicKeyCredentialRequestOptionsJSON) and the state to check the answer with. */
  requestOptions(
    rp: RelyingParty,
    credentials: readonly Pick<WebAuthnCredentialRow, "credentialId" | "transports">[],
    timeoutMs: number,
  ): { options: string; state: AssertionChallenge } {
    const challenge = this.deps.random.bytes(32).toString("base64url");
    const options = {
      challenge,
      timeout: timeoutMs,
      rpId: rp.id,
      allowCredentials: credentials.map((c) => ({
        type: "public-key",
        id: c.credentialId,
        ...(c.transports.length ? { transports: c.transports } : {}),
      })),
      userVerification: rp.userVerification,
    };
    return { options: JSON.stringify(options), state: { challenge, rpId: rp.id } };
  }

  /**
   * Verifies a WEB_AUTHN answer (CREDENTIAL, an AuthenticationResponseJSON) of `user` against the
   * challenge it was sent, and moves the credential's signature counter. Every failure is
   * NotAuthorizedException: RespondToAuthChallenge has no WebAuthn errors, and the reason is in the message.
   */
  async verifyAssertion(pool: Pool, user: UserRow, state: AssertionChallenge, credential: string): Promise<void> {
    const cred = jsonObject(credential, "CREDENTIAL");
    const response = jsonObject(cred.response, "CREDENTIAL.response");
    const id = text(cred, "id", "CREDENTIAL");
    const data = clientDataOf(response, "CREDENTIAL");
    const rp = await this.relyingParty(pool);
    if (rp.id !== state.rpId) throw new NotAuthorizedException("The relying party changed during the sign-in.");
    const stored = await this.deps.store.webAuthn.getCredential(pool.id, id);
    // Another user's passkey answers nobody else's challenge.
    if (!stored || stored.userId !== user.id || stored.relyingPartyId !== rp.id)
      throw new NotAuthorizedException("The passkey is not registered for this user.");
    if (!originAllowed(data.origin, rp.id))
      throw new NotAuthorizedException(`Origin ${data.origin} is not allowed for relying party ${rp.id}.`);
    let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    const [{ verifyAuthenticationResponse: verifyAuthentication }, { isoBase64URL }] = await webAuthnLibrary();
    try {
      result = await verifyAuthentication({
        response: cred as unknown as AuthenticationResponseJSON,
        expectedChallenge: state.challenge,
        expectedOrigin: data.origin,
        expectedRPID: rp.id,
        credential: {
          id: stored.credentialId,
          publicKey: isoBase64URL.toBuffer(stored.publicKey),
          counter: stored.signCount,
          transports: stored.transports as never,
        },
        requireUserVerification: rp.userVerification === "required",
      });
    } catch (err) {
      throw new NotAuthorizedException(`The passkey answer could not be verified: ${(err as Error).message}`);
    }
    if (!result.verified)
      throw new NotAuthorizedException("The passkey answer could not be verified: the signature does not match.");
    const next = result.authenticationInfo.newCounter;
    // simplewebauthn refuses a counter that does not increase (when either is nonzero); the
    // compare-and-set refuses the loser of two assertions checked against the same count.
    const now = this.deps.clock.now().getTime();
    if (!(await this.deps.store.webAuthn.recordUse(pool.id, stored.credentialId, stored.signCount, next, now)))
      throw new NotAuthorizedException("The passkey was used concurrently; sign in again.");
  }
}

/** Cognito names passkeys itself ("an automatically-generated friendly name"); this server by kind and date. */
function friendlyName(attachment: string | null, now: number): string {
  const kind =
    attachment === "platform" ? "Platform passkey" : attachment === "cross-platform" ? "Security key" : "Passkey";
  return `${kind} ${new Date(now).toISOString().slice(0, 10)}`;
}
