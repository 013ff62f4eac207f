/**
 * The development KMS on the wire: AWS JSON 1.1, `X-Amz-Target: TrentService.<Operation>`, blobs as base64,
 * every request signed with SigV4 for service `kms` (checked by the router with the admin credentials). Three
 * operations, so one table here rather than a file each; their members are the AWS KMS API reference's.
 */
import { z } from "zod";
import { KmsError, type DevKms } from "./devKms.js";

export const KMS_TARGET_PREFIX = "TrentService.";

const KeyId = z.string().min(1).max(2048);
const Context = z.record(z.string(), z.string()).optional();
const GrantTokens = z.array(z.string().max(8192)).max(10).optional();
const Blob = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64");

const OPERATIONS = {
  GenerateDataKey: {
    input: z.object({
      KeyId,
      NumberOfBytes: z.number().int().optional(),
      KeySpec: z.enum(["AES_128", "AES_256"]).optional(),
      EncryptionContext: Context,
      GrantTokens,
    }),
    handle: (
      kms: DevKms,
      i: { KeyId: string; NumberOfBytes?: number; KeySpec?: string; EncryptionContext?: Record<string, string> },
    ) => {
      const key = kms.generateDataKey(i);
      return { KeyId: key.KeyId, Plaintext: b64(key.Plaintext), CiphertextBlob: b64(key.CiphertextBlob) };
    },
  },
  Encrypt: {
    input: z.object({ KeyId, Plaintext: Blob, EncryptionContext: Context, GrantTokens }),
    handle: (kms: DevKms, i: { KeyId: string; Plaintext: string; EncryptionContext?: Record<string, string> }) => {
      const out = kms.encrypt({ ...i, Plaintext: Buffer.from(i.Plaintext, "base64") });
      return { ...out, CiphertextBlob: b64(out.CiphertextBlob) };
    },
  },
  Decrypt: {
    input: z.object({
      CiphertextBlob: Blob,
      KeyId: KeyId.optional(),
      EncryptionContext: Context,
      EncryptionAlgorithm: z.literal("SYMMETRIC_DEFAULT").optional(),
      GrantTokens,
    }),
    handle: (
      kms: DevKms,
      i: { CiphertextBlob: string; KeyId?: string; EncryptionContext?: Record<string, string> },
    ) => {
      const out = kms.decrypt({ ...i, CiphertextBlob: Buffer.from(i.CiphertextBlob, "base64") });
      return { ...out, Plaintext: b64(out.Plaintext) };
    },
  },
} as const;

/** Runs `TrentService.<operation>` on the parsed JSON body; unknown operations and bad input get KMS's errors. */
export function handleKmsOperation(kms: DevKms, operation: string, body: unknown): unknown {
  const op = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation as keyof typeof OPERATIONS] : undefined;
  if (!op)
    throw new KmsError(
      "ValidationException",
      `The development KMS supports GenerateDataKey, Encrypt and Decrypt, not ${operation.slice(0, 64)}.`,
    );
  const parsed = op.input.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KmsError(
      "ValidationException",
      `1 validation error detected: ${issue?.path.join(".")} ${issue?.message}`,
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: each handler takes its own schema's output
  return op.handle(kms, parsed.data as any);
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
