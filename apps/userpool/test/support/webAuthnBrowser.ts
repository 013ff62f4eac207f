/**
 * Just enough of a browser for aws-amplify v6's passkey functions in Node: `window` in a secure context,
 * `navigator.credentials.create/get` answered by a SoftwareAuthenticator at `origin`, and the
 * PublicKeyCredential classes Amplify checks its results against. Amplify itself runs unmodified.
 */
import type { CreationOptions, RequestOptions, SoftwareAuthenticator } from "./passkeys.js";

const b64u = (b: ArrayBuffer | ArrayBufferView): string =>
  (ArrayBuffer.isView(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b)).toString("base64url");
const buffer = (s: string): ArrayBuffer => {
  const b = Buffer.from(s, "base64url");
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

class AuthenticatorAttestationResponse {
  constructor(private readonly r: Record<string, unknown>) {}
  get clientDataJSON() {
    return buffer(this.r.clientDataJSON as string);
  }
  get attestationObject() {
    return buffer(this.r.attestationObject as string);
  }
  getTransports() {
    return this.r.transports as string[];
  }
  getPublicKeyAlgorithm() {
    return this.r.publicKeyAlgorithm as number;
  }
  getAuthenticatorData() {
    return buffer(this.r.authenticatorData as string);
  }
  getPublicKey() {
    return null;
  }
}

class AuthenticatorAssertionResponse {
  constructor(private readonly r: Record<string, unknown>) {}
  get clientDataJSON() {
    return buffer(this.r.clientDataJSON as string);
  }
  get authenticatorData() {
    return buffer(this.r.authenticatorData as string);
  }
  get signature() {
    return buffer(this.r.signature as string);
  }
  get userHandle() {
    return null;
  }
}

class PublicKeyCredential {
  readonly type = "public-key";
  readonly id: string;
  readonly rawId: ArrayBuffer;
  readonly authenticatorAttachment: string;
  readonly response: AuthenticatorAttestationResponse | AuthenticatorAssertionResponse;
  constructor(json: Record<string, unknown>, attestation: boolean) {
    this.id = json.id as string;
    this.rawId = buffer(json.rawId as string);
    this.authenticatorAttachment = json.authenticatorAttachment as string;
    const r = json.response as Record<string, unknown>;
    this.response = attestation ? new AuthenticatorAttestationResponse(r) : new AuthenticatorAssertionResponse(r);
  }
  getClientExtensionResults() {
    return {};
  }
}

type PublicKeyOptions = Record<string, unknown> & { challenge: ArrayBuffer };

/** Installs the browser globals; returns the function that removes them. */
export function installWebAuthnBrowser(o: { authenticator: () => SoftwareAuthenticator; origin: string }): () => void {
  const g = globalThis as Record<string, unknown>;
  const credentials = {
    async create({ publicKey }: { publicKey: PublicKeyOptions & { user: { id: ArrayBuffer } } }) {
      const options = {
        ...publicKey,
        challenge: b64u(publicKey.challenge),
        user: { ...publicKey.user, id: b64u(publicKey.user.id) },
      } as unknown as CreationOptions;
      return new PublicKeyCredential(await o.authenticator().register(options, { origin: o.origin }), true);
    },
    async get({ publicKey }: { publicKey: PublicKeyOptions & { allowCredentials: { id: ArrayBuffer }[] } }) {
      const options = {
        ...publicKey,
        challenge: b64u(publicKey.challenge),
        allowCredentials: publicKey.allowCredentials.map((c) => ({ ...c, id: b64u(c.id) })),
      } as unknown as RequestOptions;
      return new PublicKeyCredential(o.authenticator().assert(options, { origin: o.origin }), false);
    },
  };
  const saved = { window: g.window, classes: [g.PublicKeyCredential] };
  g.window = { document: {}, isSecureContext: true, PublicKeyCredential };
  g.PublicKeyCredential = PublicKeyCredential;
  g.AuthenticatorAttestationResponse = AuthenticatorAttestationResponse;
  g.AuthenticatorAssertionResponse = AuthenticatorAssertionResponse;
  Object.defineProperty(globalThis.navigator, "credentials", { value: credentials, configurable: true });
  return () => {
    g.window = saved.window;
    delete g.PublicKeyCredential;
    delete g.AuthenticatorAttestationResponse;
    delete g.AuthenticatorAssertionResponse;
    delete (globalThis.navigator as unknown as Record<string, unknown>).credentials;
  };
}
