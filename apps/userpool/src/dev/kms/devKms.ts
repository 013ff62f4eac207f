/**
 * A development stand-in for the three AWS KMS operations the AWS Encryption SDK's KMS keyring uses
 * (GenerateDataKey, Encrypt, Decrypt), so custom sender triggers run offline with the code AWS documents
 * for them (developer guide, "Custom sender Lambda triggers"). Every key ARN names a development key: its
 * ciphertexts are sealed with the userpool's data key (AES-256-GCM) and bound, as additional data, to the
 * key ARN and the encryption context, so a blob opens only under the key and context it was made for.
 * Production never serves it (main.ts); there the pool's KMSKeyID is a real KMS key.
 */
import type { DataCrypto } from "../../crypto/envelope.js";
import { AwsError } from "../../errors/awsError.js";
import type { Random } from "../../random.js";

/** KMS's own exception names (AWS KMS API reference, "Common errors" and each operation's "Errors"). */
export type KmsErrorName =
  | "ValidationException"
  | "NotFoundException"
  | "InvalidCiphertextException"
  | "IncorrectKeyException";

export class KmsError extends AwsError<KmsErrorName> {
  constructor(code: KmsErrorName, message: string) {
    super(code, 400, message);
  }
}

/** The key ARNs the development KMS knows: any symmetric key ARN (aliases are not resolved). */
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;
const MAGIC = Buffer.from("AHK1");
const SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

export type EncryptionContext = Record<string, string>;

export interface DataKey {
  KeyId: string;
  Plaintext: Uint8Array;
  CiphertextBlob: Uint8Array;
}

export class DevKms {
  constructor(private readonly deps: { crypto: DataCrypto; random: Random }) {}

  /** GenerateDataKey: NumberOfBytes (1–1024) or KeySpec AES_128 / AES_256. */
  generateDataKey(i: {
    KeyId: string;
    NumberOfBytes?: number | undefined;
    KeySpec?: string | undefined;
    EncryptionContext?: EncryptionContext | undefined;
  }): DataKey {
    const keyId = checkKey(i.KeyId);
    const size = i.NumberOfBytes ?? (i.KeySpec === "AES_128" ? 16 : i.KeySpec === "AES_256" ? 32 : undefined);
    if (size === undefined || !Number.isInteger(size) || size < 1 || size > 1024)
      throw new KmsError("ValidationException", "Please specify either number of bytes or key spec.");
    // A copy: the Encryption SDK zeroes the plaintext key it is given, which must not touch a shared pool.
    const plaintext = Buffer.from(this.deps.random.bytes(size));
    return { KeyId: keyId, Plaintext: plaintext, CiphertextBlob: this.seal(keyId, plaintext, i.EncryptionContext) };
  }

  encrypt(i: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: EncryptionContext | undefined }) {
    const keyId = checkKey(i.KeyId);
    if (i.Plaintext.length < 1 || i.Plaintext.length > 4096)
      throw new KmsError("ValidationException", "Plaintext must be 1 to 4096 bytes.");
    return {
      KeyId: keyId,
      CiphertextBlob: this.seal(keyId, Buffer.from(i.Plaintext), i.EncryptionContext),
      EncryptionAlgorithm: SYMMETRIC_DEFAULT,
    };
  }

  /** Decrypt: the blob names its key; a KeyId given must be that key (KMS's IncorrectKeyException otherwise). */
  decrypt(i: { CiphertextBlob: Uint8Array; KeyId?: string | undefined; EncryptionContext?: EncryptionContext }) {
    const blob = Buffer.from(i.CiphertextBlob);
    const invalid = () => new KmsError("InvalidCiphertextException", "The ciphertext is invalid.");
    if (blob.length < MAGIC.length + 2 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw invalid();
    const idLength = blob.readUInt16BE(MAGIC.length);
    const idEnd = MAGIC.length + 2 + idLength;
    if (blob.length <= idEnd) throw invalid();
    const keyId = blob.subarray(MAGIC.length + 2, idEnd).toString("utf8");
    if (i.KeyId !== undefined && i.KeyId !== keyId)
      throw new KmsError(
        "IncorrectKeyException",
        "The key ID in the request does not identify the key used to encrypt.",
      );
    let plaintext: Buffer;
    try {
      plaintext = this.deps.crypto.open(blob.subarray(idEnd), additionalData(keyId, i.EncryptionContext));
    } catch {
      // Wrong key, wrong encryption context or a changed blob all look the same, as in KMS.
      throw invalid();
    }
    return { KeyId: keyId, Plaintext: plaintext, EncryptionAlgorithm: SYMMETRIC_DEFAULT };
  }

  private seal(keyId: string, plaintext: Uint8Array, context: EncryptionContext | undefined): Buffer {
    const id = Buffer.from(keyId, "utf8");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(id.length);
    const sealed = this.deps.crypto.seal(Buffer.from(plaintext), additionalData(keyId, context));
    return Buffer.concat([MAGIC, length, id, sealed]);
  }
}

function checkKey(keyId: string): string {
  if (!KEY_ARN.test(keyId))
    throw new KmsError(
      "NotFoundException",
      "The development KMS knows key ARNs only (arn:aws:kms:<region>:<account>:key/<key-id>).",
    );
  return keyId;
}

/** The key and the encryption context, its pairs sorted so that the order they were sent in does not matter. */
function additionalData(keyId: string, context: EncryptionContext | undefined): string {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `authhub dev-kms v1\n${keyId}\n${JSON.stringify(pairs)}`;
}
