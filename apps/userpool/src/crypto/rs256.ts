/**
 * RS256 signatures for the tokens of every sign-in and refresh. One RSA-2048 private-key operation
 * costs about a millisecond of CPU; signed inline it stops the event loop for that long per token.
 * node:crypto's callback form runs the same OpenSSL call on the libuv thread pool (UV_THREADPOOL_SIZE,
 * default 4 threads), so the event loop serves other requests meanwhile and a second core takes the
 * signing. It needs no worker_threads pool of our own: no second JavaScript heap (~10 MB of RSS each),
 * no copying keys or messages between isolates (ADR 0038; BENCHMARKS.md "User pool server: workers").
 */
import { sign, type KeyObject } from "node:crypto";

export interface Rs256Signer {
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data`. */
  sign(data: Buffer, key: KeyObject): Promise<Buffer>;
}

/** On the libuv thread pool, off the event loop: the default. */
export const threadPoolRs256: Rs256Signer = {
  sign: (data, key) =>
    new Promise((resolve, reject) => sign("sha256", data, key, (err, sig) => (err ? reject(err) : resolve(sig)))),
};

/** On the event loop: what the server did before, kept for the side-by-side benchmark. */
export const inlineRs256: Rs256Signer = {
  sign: async (data, key) => sign("sha256", data, key),
};
