/**
 * The codes custom sender triggers receive, encrypted as Cognito encrypts them: with the AWS Encryption SDK
 * under the pool's KMSKeyID, base64 (developer guide, "Custom sender Lambda triggers"). A function decrypts
 * them with `@aws-crypto/client-node` (KmsKeyringNode with the key ARN, then `decrypt`), whether the key is
 * a real KMS key or one of the development KMS (src/dev/kms), which the same code reaches through
 * `AWS_ENDPOINT_URL_KMS`. See ADR 0018.
 */
import type { KmsKeyringNode } from "@aws-crypto/client-node";
import type { DevKms } from "../dev/kms/devKms.js";

export interface SenderCodeEncryptor {
  /** The code encrypted under `keyArn`, as the base64 AWS Encryption SDK message a sender trigger gets. */
  encrypt(keyArn: string, code: string): Promise<string>;
}

/**
 * The AWS Encryption SDK, loaded with the first custom sender code: most servers never send one, and
 * loading it at start costs every process several megabytes of memory (docs/userpool/scaling.md).
 */
let sdk: Promise<{ encrypt: EncryptFn; KmsKeyringNode: typeof KmsKeyringNode }> | undefined;
type EncryptFn = ReturnType<typeof import("@aws-crypto/client-node").buildClient>["encrypt"];
function encryptionSdk() {
  sdk ??= import("@aws-crypto/client-node").then((m) => ({
    // Committing algorithm suites only; a function built with REQUIRE_ENCRYPT_ALLOW_DECRYPT (the AWS examples)
    // or REQUIRE_ENCRYPT_REQUIRE_DECRYPT decrypts them alike.
    encrypt: m.buildClient(m.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt,
    KmsKeyringNode: m.KmsKeyringNode,
  }));
  return sdk;
}

type ClientProvider = NonNullable<NonNullable<ConstructorParameters<typeof KmsKeyringNode>[0]>["clientProvider"]>;

/**
 * `devKms` given (development): the keyring's KMS calls go to the development KMS in this process. Otherwise
 * the AWS SDK's KMS client for the key's region, with the SDK's default credentials (production).
 */
export function kmsSenderCodes(o: { devKms?: DevKms | undefined } = {}): SenderCodeEncryptor {
  const dev = o.devKms;
  const clientProvider = dev
    ? // The keyring calls generateDataKey / encrypt / decrypt on its client and awaits the answer (v3 style).
      ((() => ({
        generateDataKey: async (i: Parameters<DevKms["generateDataKey"]>[0]) => dev.generateDataKey(i),
        encrypt: async (i: Parameters<DevKms["encrypt"]>[0]) => dev.encrypt(i),
        decrypt: async (i: Parameters<DevKms["decrypt"]>[0]) => dev.decrypt(i),
      })) as unknown as ClientProvider)
    : undefined;
  const keyrings = new Map<string, KmsKeyringNode>();
  return {
    async encrypt(keyArn, code) {
      const { encrypt, KmsKeyringNode } = await encryptionSdk();
      let keyring = keyrings.get(keyArn);
      if (!keyring) {
        keyring = new KmsKeyringNode({ generatorKeyId: keyArn, ...(clientProvider ? { clientProvider } : {}) });
        keyrings.set(keyArn, keyring);
      }
      const { result } = await encrypt(keyring, Buffer.from(code, "utf8"));
      return Buffer.from(result).toString("base64");
    },
  };
}
