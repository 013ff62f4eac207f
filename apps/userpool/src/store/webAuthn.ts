/** Passkeys (services/webAuthn.ts): registered WebAuthn credentials and registration challenges. */
export interface WebAuthnCredentialRow {
  poolId: string;
  /** The credential ID, base64url as the authenticator's `rawId` (what the API calls CredentialId). */
  credentialId: string;
  userId: string;
  /** The relying party the credential was registered for. */
  relyingPartyId: string;
  /** The COSE public key, base64url. Not a secret; it only verifies assertions. */
  publicKey: string;
  signCount: number;
  transports: string[];
  friendlyName: string;
  authenticatorAttachment: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A StartWebAuthnRegistration challenge: stored as its hash, answered once, before it expires. */
export interface WebAuthnChallengeRow {
  /** SHA-256 (base64url) of the challenge sent in CredentialCreationOptions. */
  idHash: string;
  poolId: string;
  userId: string;
  /** The app client of the access token that started the registration. */
  clientId: string;
  createdAt: number;
  expiresAt: number;
}

export interface WebAuthnStore {
  /** Stores a credential; a credential ID already registered in the pool is a StoreConflictError ("passkey"). */
  insertCredential(c: WebAuthnCredentialRow): Promise<void>;
  getCredential(poolId: string, credentialId: string): Promise<WebAuthnCredentialRow | undefined>;
  /** A user's credentials oldest first (then by ID), `limit` of them after the cursor. */
  listCredentials(
    poolId: string,
    userId: string,
    limit: number,
    after?: { createdAt: number; credentialId: string },
  ): Promise<WebAuthnCredentialRow[]>;
  countCredentials(poolId: string, userId: string): Promise<number>;
  /** Deletes a credential of `userId`; false when the user has no such credential. */
  deleteCredential(poolId: string, userId: string, credentialId: string): Promise<boolean>;
  /**
   * Atomic compare-and-set of the signature counter after an assertion: true only when the stored count
   * was still `expected`, so two assertions verified against the same count cannot both move it.
   */
  recordUse(poolId: string, credentialId: string, expected: number, next: number, now: number): Promise<boolean>;
  createChallenge(c: WebAuthnChallengeRow): Promise<void>;
  /**
   * Atomic single use: deletes the live challenge of `userId` and returns it to the one caller that got it;
   * undefined when it is unknown, another user's, expired or already used.
   */
  consumeChallenge(
    poolId: string,
    userId: string,
    idHash: string,
    now: number,
  ): Promise<WebAuthnChallengeRow | undefined>;
  /** Deletes expired challenges; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
