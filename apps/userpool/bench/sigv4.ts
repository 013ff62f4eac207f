/**
 * Benchmark for verifySigV4 (not a test): `npx tsx bench/sigv4.ts` from apps/userpool, or call
 * benchSigV4() from the workspace's bench runner.
 * Prints verifications per second for a typical AdminGetUser request with the signing key cached
 * (the hot path), with every request missing the cache (key derivation each time), with an 8 KiB body,
 * and the bound: the bare crypto a verification cannot avoid (SHA-256 of body and canonical request,
 * one HMAC), measured in the same run.
 */
import { createHash, createHmac } from "node:crypto";
import { pathToFileURL } from "node:url";

import { buildQueryString, HttpRequest } from "@smithy/core/protocols";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";

import { verifySigV4, type SignedRequest } from "../src/aws/sigv4.js";

const NOW = new Date();
const opts = { lookupSecret: (id: string) => (id === "local" ? "local" : undefined), now: NOW };

async function signed(region: string, body: string): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    region,
    service: "cognito-idp",
    sha256: Hash.bind(null, "sha256"),
  });
  const req = (await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: "localhost",
      port: 9229,
      path: "/",
      headers: {
        host: "localhost:9229",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.AdminGetUser",
        "x-amz-user-agent": "aws-sdk-js/3 ua/2.1 os/linux lang/js md/nodejs#20",
        "amz-sdk-invocation-id": "0b0f8a38-5a8e-4d0c-9c3b-6d0f3a9a2b11",
        "amz-sdk-request": "attempt=1; max=3",
        "content-length": String(Buffer.byteLength(body)),
      },
      body,
    }),
    { signingDate: NOW },
  )) as HttpRequest;
  return {
    method: req.method,
    path: req.path,
    query: buildQueryString(req.query ?? {}),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: Buffer.from(body),
  };
}

function measure(label: string, fn: (i: number) => void, ms = 1500): number {
  for (let i = 0; i < 2000; i++) fn(i); // warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let j = 0; j < 500; j++) fn(n++);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / seconds;
  console.log(
    `${label.padEnd(58)} ${Math.round(rate).toLocaleString("en-US").padStart(10)} ops/s  ` +
      `${(1e6 / rate).toFixed(2)} µs/op`,
  );
  return rate;
}

export interface SigV4BenchResult {
  hotOpsPerSec: number;
  coldOpsPerSec: number;
  bigBodyOpsPerSec: number;
  boundOpsPerSec: number;
}

/** Runs the SigV4 verification benchmark, printing one line per figure; bench/run.ts may call it. */
export async function benchSigV4(): Promise<SigV4BenchResult> {
  const smallBody = JSON.stringify({ UserPoolId: "us-east-1_AuthHub01", Username: "alice@example.com" });
  const bigBody = JSON.stringify({ UserPoolId: "us-east-1_AuthHub01", Padding: "x".repeat(8 * 1024) });
  const hot = await signed("us-east-1", smallBody);
  const big = await signed("us-east-1", bigBody);
  // More distinct regions than the cache holds, visited round-robin: every verification derives its key.
  const cold = await Promise.all(Array.from({ length: 256 }, (_, i) => signed(`bench-region-${i}`, smallBody)));

  console.log(`SigV4 verification — node ${process.version}, ${new Date().toISOString()}`);
  const hotOpsPerSec = measure("verifySigV4, signing key cached (hot path)", () => verifySigV4(hot, opts));
  const coldOpsPerSec = measure("verifySigV4, signing key derived every time", (i) =>
    verifySigV4(cold[i % cold.length] as SignedRequest, opts),
  );
  const bigBodyOpsPerSec = measure("verifySigV4, 8 KiB body, key cached", () => verifySigV4(big, opts));

  const key = createHmac("sha256", "k").update("x").digest();
  const canonicalLike = "x".repeat(420); // about the size of a real canonical request
  const boundOpsPerSec = measure("bound: SHA-256(body) + SHA-256(canonical) + 1 HMAC", () => {
    createHash("sha256").update(hot.body).digest("hex");
    const h = createHash("sha256").update(canonicalLike).digest("hex");
    createHmac("sha256", key).update(`AWS4-HMAC-SHA256\n20240101T000000Z\nscope\n${h}`).digest();
  });
  console.log(`hot path costs ${(boundOpsPerSec / hotOpsPerSec).toFixed(2)}x the bound`);
  return { hotOpsPerSec, coldOpsPerSec, bigBodyOpsPerSec, boundOpsPerSec };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSigV4();
}
