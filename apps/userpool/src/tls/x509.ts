/**
 * Certificates for the development HTTPS listener: a local CA and a leaf for localhost, both
 * ECDSA P-256 with SHA-256 (fast to generate, accepted by every browser and by Node's TLS).
 * Profile per RFC 5280 and the CA/Browser Forum baseline: the leaf carries subjectAltName (browsers
 * ignore the CN), serverAuth EKU, and at most 397 days of validity.
 */
import { createHash, generateKeyPairSync, sign, type X509Certificate, type KeyObject } from "node:crypto";
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from "./der.js";

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

export interface CertificateSpec {
  subject: { commonName: string; organization?: string };
  /** Public key of the subject. */
  publicKey: KeyObject;
  /** Self-signed when absent. */
  issuer?: { certificate: X509Certificate; privateKey: KeyObject };
  /** Signing key when self-signed. */
  selfSigningKey?: KeyObject;
  notBefore: Date;
  notAfter: Date;
  serial: Buffer;
  isCa: boolean;
  dnsNames?: string[];
  ipAddresses?: string[];
}

export interface KeyPairPem {
  privateKeyPem: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function generateEcKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, publicKey, privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

const algorithm = () => sequence(oid(ECDSA_WITH_SHA256));
const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function name(n: { commonName: string; organization?: string }): Buffer {
  const rdns = [];
  if (n.organization) rdns.push(set(sequence(oid(OID.organization), utf8String(n.organization))));
  rdns.push(set(sequence(oid(OID.commonName), utf8String(n.commonName))));
  return sequence(...rdns);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ format: "der", type: "spki" });
  // For P-256 the BIT STRING is the last 66 bytes: 0x03 0x42 0x00 + 65-byte point; hash the point.
  return createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(":")) {
    // Only the forms we use (::1 and full addresses); expand "::".
    const [head, tail = ""] = ip.split("::") as [string, string?];
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    return Buffer.from(groups.map((g) => g.padStart(4, "0")).join(""), "hex");
  }
  return Buffer.from(ip.split(".").map(Number));
}

/** Builds and signs a certificate; returns it as PEM. */
export function createCertificate(spec: CertificateSpec): string {
  const issuerName = spec.issuer ? issuerNameDer(spec.issuer.certificate) : name(spec.subject);
  const signer = spec.issuer?.privateKey ?? spec.selfSigningKey;
  if (!signer) throw new Error("createCertificate: a self-signed certificate needs selfSigningKey");
  const ski = keyIdentifier(spec.publicKey);
  const aki = spec.issuer ? keyIdentifier(spec.issuer.certificate.publicKey) : ski;

  // keyUsage bits: digitalSignature(0) = 0x80, keyCertSign(5) = 0x04, cRLSign(6) = 0x02.
  const keyUsage = spec.isCa ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0x80]), 7);
  const extensions = [
    extension(OID.basicConstraints, true, spec.isCa ? sequence(boolean(true), integer(0)) : sequence()),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.subjectKeyIdentifier, false, octetString(ski)),
    extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, aki))),
  ];
  if (!spec.isCa) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
    const names = [
      ...(spec.dnsNames ?? []).map((d) => implicitPrimitive(2, Buffer.from(d, "ascii"))),
      ...(spec.ipAddresses ?? []).map((ip) => implicitPrimitive(7, ipBytes(ip))),
    ];
    extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  }

  const serial = Buffer.from(spec.serial);
  serial[0]! &= 0x7f; // positive, and DER-minimal after integer() trims
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    algorithm(),
    issuerName,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spec.publicKey.export({ format: "der", type: "spki" }),
    explicit(3, sequence(...extensions)),
  );
  // Node signs EC keys with a DER ECDSA-Sig-Value, exactly what X.509's signatureValue holds.
  const signature = sign("sha256", tbs, signer);
  const der = sequence(tbs, algorithm(), bitString(signature));
  const b64 = der
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trim();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** The issuer's subject Name exactly as encoded in its certificate (name chaining compares bytes). */
function issuerNameDer(cert: X509Certificate): Buffer {
  // Walk: Certificate SEQ → tbs SEQ → [0] version, serial, algorithm, issuer, validity, subject.
  const raw = cert.raw;
  const tbs = enter(raw, 0);
  let pos = tbs.start;
  const skip = () => {
    const h = header(raw, pos);
    pos = h.start + h.length;
  };
  skip(); // version
  skip(); // serial
  skip(); // algorithm
  skip(); // issuer
  skip(); // validity
  const subject = header(raw, pos);
  return raw.subarray(pos, subject.start + subject.length);
}

function header(buf: Buffer, pos: number): { start: number; length: number } {
  const first = buf[pos + 1]!;
  if (first < 0x80) return { start: pos + 2, length: first };
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[pos + 2 + i]!;
  return { start: pos + 2 + n, length: len };
}

function enter(buf: Buffer, pos: number): { start: number; length: number } {
  const outer = header(buf, pos);
  return header(buf, outer.start);
}
