/** PKCE (RFC 7636) with S256 only: `plain` offers no protection against a leaked request (RFC 9700 §2.1.1). */
import { createHash } from "node:crypto";
import { safeEqual } from "../crypto/envelope.js";

/** A base64url SHA-256 is always 43 characters. */
export const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43–128 unreserved characters. */
export const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  return CODE_VERIFIER.test(verifier) && safeEqual(s256(verifier), challenge);
}
