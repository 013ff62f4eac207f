/**
 * The pool's SAML signing certificate (API reference, GetSigningCertificate; developer guide, "Signing SAML
 * requests"): a self-signed X.509 certificate for an RSA-2048 key, SHA-256 with RSA, valid for ten years
 * ("Issued certificates are valid for 10 years from the date of issue"). Created on first request, stored with
 * its private key sealed under the data key; concurrent first requests converge on the first insert.
 * Answered as Cognito does: the base64 DER, without PEM armour. A second instance keeps the pool's encryption
 * certificate the same way (Describe's ActiveEncryptionCertificate), so decryption never uses the signing key.
 */
import { createHash, createPrivateKey, sign, type KeyObject } from "node:crypto";
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import type { Random } from "../random.js";
import type { Store } from "../store/index.js";
import { bitString, explicit, integer, octetString, oid, sequence, set, time, tlv, utf8String } from "../tls/der.js";
import type { RsaKeyGenerator } from "./keys.js";

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const COMMON_NAME = "2.5.4.3";
const SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
const VALIDITY_YEARS = 10;
/** Signing (GetSigningCertificate, AuthnRequests, logout messages) or encryption (EncryptedResponses). */
export type SamlKeyUse = "signing" | "encryption";
const aad = (use: SamlKeyUse, poolId: string) => `saml-${use}-key|${poolId}`;

export class SamlCertificateService {
  constructor(
    private readonly deps: {
      store: Store;
      crypto: DataCrypto;
      clock: Clock;
      random: Random;
      generateRsaKeyPair: RsaKeyGenerator;
    },
    private readonly use: SamlKeyUse = "signing",
  ) {}

  private get rows() {
    return this.use === "signing" ? this.deps.store.samlCertificates : this.deps.store.samlEncryptionCertificates;
  }

  /** Base64 DER of the pool's certificate, created on first use. */
  async certificate(poolId: string): Promise<string> {
    const existing = await this.rows.get(poolId);
    if (existing) return existing.certificate;
    const { privateKey, publicKey } = await this.deps.generateRsaKeyPair();
    const now = this.deps.clock.now();
    const certificate = selfSignedCertificate(
      { privateKey, publicKey },
      `urn:amazon:cognito:sp:${poolId}`,
      now,
      VALIDITY_YEARS,
      this.deps.random,
    );
    const privateDer = privateKey.export({ format: "der", type: "pkcs8" });
    await this.rows.insertIfAbsent({
      poolId,
      certificate,
      privateEnc: this.deps.crypto.encrypt(privateDer, aad(this.use, poolId)),
      createdAt: now.getTime(),
    });
    // Another instance may have won the race: answer what is stored.
    return (await this.rows.get(poolId))?.certificate ?? certificate;
  }

  /** The pool's certificate (PEM) and private key: signing signs requests, encryption decrypts assertions. */
  async keyPair(poolId: string): Promise<{ certificatePem: string; privateKeyPem: string }> {
    await this.certificate(poolId);
    const row = (await this.rows.get(poolId))!;
    const key = createPrivateKey({
      key: this.deps.crypto.decrypt(row.privateEnc, aad(this.use, poolId)),
      format: "der",
      type: "pkcs8",
    });
    return {
      certificatePem: toPem(row.certificate),
      privateKeyPem: key.export({ format: "pem", type: "pkcs8" }).toString(),
    };
  }
}

/** PEM armour around a base64 DER certificate. */
export function toPem(base64Der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64Der.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** A self-signed X.509 v3 certificate (SHA-256 with RSA), base64 DER. */
export function selfSignedCertificate(
  keys: { privateKey: KeyObject; publicKey: KeyObject },
  commonName: string,
  now: Date,
  years: number,
  random: Random,
): string {
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const algorithm = sequence(oid(SHA256_WITH_RSA), tlv(0x05, Buffer.alloc(0)));
  const name = sequence(set(sequence(oid(COMMON_NAME), utf8String(commonName))));
  const spki = keys.publicKey.export({ format: "der", type: "spki" });
  const serial = random.bytes(16);
  serial[0]! &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    algorithm,
    name,
    sequence(time(now), time(notAfter)),
    name,
    spki,
    explicit(3, sequence(sequence(oid(SUBJECT_KEY_IDENTIFIER), octetString(octetString(keyId(spki)))))),
  );
  return sequence(tbs, algorithm, bitString(sign("sha256", tbs, keys.privateKey))).toString("base64");
}

function keyId(spki: Buffer): Buffer {
  return createHash("sha1").update(spki).digest();
}
