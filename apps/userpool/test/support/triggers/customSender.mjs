// A custom email / SMS sender written the way the Amazon Cognito developer guide's example is ("Custom email
// sender Lambda trigger"): the AWS Encryption SDK with a KMS keyring for KEY_ARN decrypts request.code. The
// only change for running offline is in the environment: AWS_ENDPOINT_URL_KMS names the userpool's development
// KMS. Instead of sending, it records the event and the decrypted code for the test.
import { buildClient, CommitmentPolicy, KmsKeyringNode } from "@aws-crypto/client-node";

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyring = new KmsKeyringNode({ keyIds: [process.env.KEY_ARN] });

export const handler = async (event) => {
  let plainTextCode;
  if (event.request.code) {
    const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, "base64"));
    plainTextCode = plaintext.toString("utf8");
  }
  globalThis.__authhubSenders ??= [];
  globalThis.__authhubSenders.push({ event: structuredClone(event), code: plainTextCode });
};
