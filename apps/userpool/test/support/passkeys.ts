/**
 * A software WebAuthn authenticator for the passkey tests: its own P-256 key (node:crypto), and the
 * clientDataJSON, authenticatorData and CBOR attestation object it builds itself, so the server is tested
 * against bytes no library of the server's made. Attestation `none`, `packed` self-attestation, or
 * `packed` with an x5c chain from a test CA (@peculiar/x509). Every field an attack needs is a knob.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  webcrypto,
} from "node:crypto";

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor> | { [k: string]: Cbor };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** Minimal CBOR (RFC 8949) encoder: integers, byte and text strings, arrays, maps. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") {
    const b = Buffer.from(v, "utf8");
    return Buffer.concat([head(3, b.length), b]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest();
const b64u = (b: Buffer) => b.toString("base64url");

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface CreationOptions {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { type: string; alg: number }[];
  excludeCredentials?: { id: string }[];
}

export interface RequestOptions {
  challenge: string;
  rpId: string;
  allowCredentials: { type: string; id: string; transports?: string[] }[];
  userVerification: string;
  timeout: number;
}

export type AttestationKind = "none" | "packed-self" | "packed-x5c";

/** What a test may change in one ceremony; the defaults make an honest answer. */
export interface Knobs {
  origin: string;
  /** The RP ID whose hash goes into authenticatorData (default: the options'). */
  rpId?: string;
  /** The challenge put in clientDataJSON (default: the options'). */
  challenge?: string;
  userPresent?: boolean;
  userVerified?: boolean;
  /** The signature counter to report (default: the authenticator's next one). */
  counter?: number;
  /** Flips a bit of the signature after signing. */
  tamperSignature?: boolean;
  /** The credential to answer with (default: this authenticator's). */
  credentialId?: string;
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32);
  readonly aaguid = Buffer.alloc(16);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  /** The last counter reported; 0 forever when `countsSignatures` is false (as many platform passkeys). */
  counter = 0;

  constructor(private readonly o: { countsSignatures?: boolean } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    this.publicJwk = { x: jwk.x!, y: jwk.y! };
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  private coseKey(): Buffer {
    return cbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(this.publicJwk.x, "base64url")],
        [-3, Buffer.from(this.publicJwk.y, "base64url")],
      ]),
    );
  }

  private nextCounter(k: Knobs): number {
    if (k.counter !== undefined) return k.counter;
    if (this.o.countsSignatures === false) return 0;
    return this.counter + 1;
  }

  private authData(rpId: string, k: Knobs, counter: number, attested: boolean): Buffer {
    let flags = 0;
    if (k.userPresent !== false) flags |= FLAG_UP;
    if (k.userVerified !== false) flags |= FLAG_UV;
    if (attested) flags |= FLAG_AT;
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const parts: Buffer[] = [sha256(k.rpId ?? rpId), Buffer.from([flags]), c];
    if (attested) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(this.aaguid, len, this.credentialId, this.coseKey());
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, k: Knobs): Buffer {
    return Buffer.from(
      JSON.stringify({ type, challenge: k.challenge ?? challenge, origin: k.origin, crossOrigin: false }),
      "utf8",
    );
  }

  /** navigator.credentials.create(): a RegistrationResponseJSON. */
  async register(options: CreationOptions, k: Knobs, kind: AttestationKind = "none"): Promise<Record<string, unknown>> {
    const counter = this.nextCounter(k);
    const authData = this.authData(options.rp.id, k, counter, true);
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, k);
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    let attStmt: Cbor = {};
    if (kind === "packed-self") attStmt = { alg: -7, sig: sign("sha256", signed, this.privateKey) };
    if (kind === "packed-x5c") {
      const chain = await attestationChain();
      attStmt = { alg: -7, sig: sign("sha256", signed, chain.leafKey), x5c: chain.x5c };
    }
    const fmt = kind === "none" ? "none" : "packed";
    const attestationObject = cbor({ fmt, attStmt, authData });
    this.counter = counter;
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: { credProps: { rk: true } },
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        authenticatorData: b64u(authData),
        publicKeyAlgorithm: -7,
        transports: ["internal", "hybrid"],
      },
    };
  }

  /** navigator.credentials.get(): an AuthenticationResponseJSON. */
  assert(options: RequestOptions, k: Knobs, userHandle?: string): Record<string, unknown> {
    const counter = this.nextCounter(k);
    const authData = this.authData(options.rpId, k, counter, false);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, k);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    if (k.tamperSignature) signature[signature.length - 1]! ^= 0x01;
    // A forced counter is a forgery's, not the authenticator's own.
    if (k.counter === undefined) this.counter = counter;
    const id = k.credentialId ?? this.id;
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        ...(userHandle ? { userHandle } : {}),
      },
    };
  }
}

let chainPromise: Promise<{ leafKey: KeyObject; x5c: Uint8Array[] }> | undefined;

/**
 * A packed attestation chain: a test CA and a leaf with the fields packed attestation requires
 * (WebAuthn §8.2.1: OU "Authenticator Attestation", C, O, CN, not a CA, version 3).
 */
function attestationChain(): Promise<{ leafKey: KeyObject; x5c: Uint8Array[] }> {
  chainPromise ??= (async () => {
    // Loaded when first needed: its CommonJS build (what tsx loads, e.g. in the benchmark) needs the reflect
    // polyfill that @simplewebauthn/server loads first.
    await import("@simplewebauthn/server");
    const x509 = await import("@peculiar/x509");
    // Node's WebCrypto is the standard one; the DOM `Crypto` type is not in this project's libs.
    x509.cryptoProvider.set(webcrypto as never);
    const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const caKeys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
    const leafKeys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
    const notBefore = new Date(Date.now() - 86_400_000);
    const notAfter = new Date(Date.now() + 365 * 86_400_000);
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01",
      name: "C=US, O=Authhub Test, CN=Authhub Test Attestation CA",
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: alg,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: "02",
      subject: "C=US, O=Authhub Test, OU=Authenticator Attestation, CN=Authhub Test Authenticator",
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: alg,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey));
    return {
      leafKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }),
      x5c: [new Uint8Array(leaf.rawData), new Uint8Array(ca.rawData)],
    };
  })();
  return chainPromise;
}
