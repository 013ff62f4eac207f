// "The bound" for one SRP sign-in: the server's SRP math (bench/srpMath.ts) plus two RS256 signatures
// (the ID and access tokens), i.e. the CPU no implementation can avoid.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { measure, measureSrpMath, type Measurement } from "./srpMath.js";

export { measureSrpMath };

let key: KeyObject | undefined;

/** Two RS256 signatures over inputs the size of real ID and access tokens, per iteration. */
export function measureRs256(iterations: number): Measurement {
  key ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const k = key;
  const idInput = Buffer.from(`${"e".repeat(60)}.${"p".repeat(620)}`);
  const accessInput = Buffer.from(`${"e".repeat(60)}.${"p".repeat(480)}`);
  return measure(iterations, () => {
    sign("sha256", idInput, k);
    sign("sha256", accessInput, k);
  });
}
