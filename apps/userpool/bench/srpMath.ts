// Micro-benchmark of the server's own SRP math, native (OpenSSL) next to a pure-BigInt modPow.
//   npx tsx bench/srpMath.ts [iterations]      (from apps/userpool)
// measureSrpMath() is also "the bound"'s SRP half for bench/run.ts: one startServerSession (B and the
// session key, at InitiateAuth) plus one verifyClaimSignature (at RespondToAuthChallenge) is all the SRP
// math a USER_SRP_AUTH sign-in costs the server.
// Figures are per core: CPU time of this process (user + system), which on a busy machine is steadier
// than wall time; wall time is reported next to it.
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import {
  computeVerifier,
  createServerEphemeral,
  createSrp,
  fromHex,
  newSalt,
  verifyClaimSignature,
} from "../src/crypto/srp.js";
import { G, bigIntModPowN, nativeModPowN, type ModPowN } from "../src/crypto/srpPrimitives.js";
import {
  createClientEphemeral,
  passwordAuthenticationKey,
  passwordClaimSignature,
  srpAHex,
} from "../test/support/srpClient.js";

export interface Measurement {
  iterations: number;
  /** operations per CPU-second of this process, i.e. per core */
  opsPerSec: number;
  /** CPU milliseconds per operation */
  msPerOp: number;
  /** wall-clock milliseconds per operation */
  wallMsPerOp: number;
}

/** Runs `op` `iterations` times (after a short warm-up) and reports CPU and wall time per call. */
export function measure(iterations: number, op: (i: number) => void): Measurement {
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  for (let i = 0; i < Math.min(5, iterations); i++) op(i);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < iterations; i++) op(i);
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    iterations,
    opsPerSec: (iterations * 1000) / cpuMs,
    msPerOp: cpuMs / iterations,
    wallMsPerOp: wallMs / iterations,
  };
}

interface PreparedSignIn {
  poolName: string;
  userId: string;
  salt: Buffer;
  verifier: Buffer;
  A: Buffer;
  b: Buffer;
  secretBlock: Buffer;
  timestamp: string;
  signature: Buffer;
}

/**
 * Complete client sides, computed before timing with the native test client, so the timed loop runs only
 * server work and still checks a real signature (a benchmark that verified garbage could skip work).
 */
function prepareSignIns(count: number): PreparedSignIn[] {
  const poolName = "AuthHub01";
  return Array.from({ length: count }, (_, i) => {
    const userId = `bench-user-${i}-${randomBytes(4).toString("hex")}`;
    const password = `Bench-password-${i}`;
    const salt = newSalt();
    const verifier = computeVerifier({ poolName, userId, password, salt });
    const client = createClientEphemeral({ aBytes: 32 });
    const { b, B } = createServerEphemeral(verifier);
    const key = passwordAuthenticationKey({ poolName, userId, password, salt, B, ephemeral: client });
    const secretBlock = randomBytes(1052); // the length of a real sealed SECRET_BLOCK
    const timestamp = "Tue Sep 25 00:09:40 UTC 2018";
    const signature = passwordClaimSignature({ key, poolName, userId, secretBlock, timestamp });
    return { poolName, userId, salt, verifier, A: fromHex(srpAHex(client)), b, secretBlock, timestamp, signature };
  });
}

/**
 * The server's SRP math for one sign-in — startServerSession (InitiateAuth) + verifyClaimSignature
 * (RespondToAuthChallenge) — in a loop. `modPow` swaps in the pure-BigInt reference for comparison.
 */
export async function measureSrpMath(iterations: number, opts: { modPow?: ModPowN } = {}): Promise<Measurement> {
  const srp = createSrp(opts.modPow ?? nativeModPowN);
  const signIns = prepareSignIns(Math.min(iterations, 16));
  return measure(iterations, (i) => {
    const s = signIns[i % signIns.length]!;
    // Replaying the prepared b reproduces the prepared B, so the client's signature stays valid.
    const { key } = srp.startServerSession(s.verifier, s.A, () => s.b);
    if (!key || !verifyClaimSignature({ ...s, key }))
      throw new Error("benchmark sign-in failed to verify: the SRP math is broken");
  });
}

/** computeVerifier (SignUp, AdminSetUserPassword, USER_PASSWORD_AUTH) in a loop. */
export async function measureComputeVerifier(
  iterations: number,
  opts: { modPow?: ModPowN } = {},
): Promise<Measurement> {
  const srp = createSrp(opts.modPow ?? nativeModPowN);
  const salt = newSalt();
  return measure(iterations, (i) => {
    srp.computeVerifier({ poolName: "AuthHub01", userId: `user-${i}`, password: "Bench-password-1", salt });
  });
}

/** One 3072-bit exponentiation with a 256-bit exponent, the unit all of the above is made of. */
export async function measureModPow(iterations: number, opts: { modPow?: ModPowN } = {}): Promise<Measurement> {
  const modPow = opts.modPow ?? nativeModPowN;
  const exponents = Array.from({ length: 16 }, () => randomBytes(32));
  return measure(iterations, (i) => {
    modPow(G, exponents[i % exponents.length]!);
  });
}

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? process.env.SRP_BENCH_ITERATIONS ?? 400);
  // The BigInt path is ~7x slower; a tenth of the iterations keeps the run short at similar precision.
  const slowIterations = Math.max(10, Math.round(iterations / 10));
  const rows: [string, (n: number, o: { modPow?: ModPowN }) => Promise<Measurement>][] = [
    ["sign-in math: startServerSession + verifyClaimSignature", measureSrpMath],
    ["computeVerifier", measureComputeVerifier],
    ["one modPow, 256-bit exponent", measureModPow],
  ];
  const fmt = (n: number, digits: number) => n.toFixed(digits).padStart(9);
  console.log(
    `SRP server math, RFC 5054 3072-bit group, 256-bit server exponent; ` +
      `node ${process.version}, OpenSSL ${process.versions.openssl}`,
  );
  console.log("per core (process CPU time); wall ms in brackets\n");
  console.log(
    `${"operation".padEnd(56)} ${"native/s".padStart(9)} ${"ms".padStart(9)}  ` +
      `${"BigInt/s".padStart(9)} ${"ms".padStart(9)}  speed-up`,
  );
  for (const [label, fn] of rows) {
    const nat = await fn(iterations, { modPow: nativeModPowN });
    const big = await fn(slowIterations, { modPow: bigIntModPowN });
    console.log(
      `${label.padEnd(56)} ${fmt(nat.opsPerSec, 0)} ${fmt(nat.msPerOp, 3)}  ` +
        `${fmt(big.opsPerSec, 0)} ${fmt(big.msPerOp, 3)}  ${(big.msPerOp / nat.msPerOp).toFixed(1)}x` +
        `   [wall ${nat.wallMsPerOp.toFixed(3)} / ${big.wallMsPerOp.toFixed(3)} ms]`,
    );
  }
  console.log(`\nnative iterations ${iterations}, BigInt iterations ${slowIterations}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
