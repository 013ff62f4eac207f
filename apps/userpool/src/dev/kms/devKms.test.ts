import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDataCrypto } from "../../crypto/envelope.js";
import { cryptoRandom } from "../../random.js";
import { DevKms } from "./devKms.js";
import { handleKmsOperation } from "./operations.js";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER = "arn:aws:kms:us-east-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab";
const kms = () => new DevKms({ crypto: createDataCrypto(randomBytes(32), cryptoRandom), random: cryptoRandom });

describe("development KMS", () => {
  it("GenerateDataKey: the blob decrypts to the plaintext key under the same key and encryption context", () => {
    const k = kms();
    const ctx = { purpose: "test", "aws-crypto-public-key": "x" };
    const key = k.generateDataKey({ KeyId: KEY, NumberOfBytes: 32, EncryptionContext: ctx });
    expect(key.Plaintext).toHaveLength(32);
    expect(Buffer.from(key.CiphertextBlob).includes(Buffer.from(key.Plaintext))).toBe(false);
    // The context's order does not matter; its content does.
    const out = k.decrypt({
      CiphertextBlob: key.CiphertextBlob,
      KeyId: KEY,
      EncryptionContext: { "aws-crypto-public-key": "x", purpose: "test" },
    });
    expect(out).toMatchObject({ KeyId: KEY, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
    expect(Buffer.from(out.Plaintext).equals(Buffer.from(key.Plaintext))).toBe(true);
    expect(() => k.decrypt({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: { purpose: "other" } })).toThrow(
      expect.objectContaining({ code: "InvalidCiphertextException" }),
    );
    expect(() => k.decrypt({ CiphertextBlob: key.CiphertextBlob, KeyId: OTHER, EncryptionContext: ctx })).toThrow(
      expect.objectContaining({ code: "IncorrectKeyException" }),
    );
  });

  it("a blob opens only with the data key it was sealed with, and a changed blob not at all", () => {
    const a = kms();
    const blob = Buffer.from(a.encrypt({ KeyId: KEY, Plaintext: Buffer.from("secret") }).CiphertextBlob);
    expect(() => kms().decrypt({ CiphertextBlob: blob })).toThrow(
      expect.objectContaining({ code: "InvalidCiphertextException" }),
    );
    blob[blob.length - 1]! ^= 1;
    expect(() => a.decrypt({ CiphertextBlob: blob })).toThrow(
      expect.objectContaining({ code: "InvalidCiphertextException" }),
    );
    // A blob naming another key is refused before anything is opened.
    const other = Buffer.from(a.encrypt({ KeyId: OTHER, Plaintext: Buffer.from("secret") }).CiphertextBlob);
    const renamed = Buffer.from(other.toString("latin1").replace(OTHER, KEY), "latin1");
    expect(() => a.decrypt({ CiphertextBlob: renamed })).toThrow(
      expect.objectContaining({ code: "InvalidCiphertextException" }),
    );
  });

  it("knows key ARNs only, and says so in KMS's error shape", () => {
    const k = kms();
    for (const KeyId of [
      "alias/mine",
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:us-east-1:111122223333:alias/x",
    ])
      expect(() => k.generateDataKey({ KeyId, NumberOfBytes: 32 })).toThrow(
        expect.objectContaining({ code: "NotFoundException", status: 400 }),
      );
    expect(() => k.generateDataKey({ KeyId: KEY })).toThrow(expect.objectContaining({ code: "ValidationException" }));
    expect(() => k.generateDataKey({ KeyId: KEY, NumberOfBytes: 2000 })).toThrow(
      expect.objectContaining({ code: "ValidationException" }),
    );
  });

  it("on the wire: base64 blobs in and out; unknown operations and bad members are ValidationException", () => {
    const k = kms();
    const made = handleKmsOperation(k, "Encrypt", { KeyId: KEY, Plaintext: Buffer.from("hi").toString("base64") }) as {
      CiphertextBlob: string;
    };
    const back = handleKmsOperation(k, "Decrypt", { CiphertextBlob: made.CiphertextBlob }) as { Plaintext: string };
    expect(Buffer.from(back.Plaintext, "base64").toString()).toBe("hi");
    expect(() => handleKmsOperation(k, "ScheduleKeyDeletion", {})).toThrow(
      expect.objectContaining({ code: "ValidationException" }),
    );
    expect(() => handleKmsOperation(k, "constructor", {})).toThrow(
      expect.objectContaining({ code: "ValidationException" }),
    );
    expect(() => handleKmsOperation(k, "Decrypt", { CiphertextBlob: "not base64!" })).toThrow(
      expect.objectContaining({ code: "ValidationException" }),
    );
  });
});
