/** Input shapes of the group operations (API reference, CreateGroup), anchored like the rest. */
import { z } from "zod";

const printable = "\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}";

export const GroupName = z
  .string()
  .min(1)
  .max(128)
  .regex(new RegExp(`^[${printable}]+$`, "u"));
// U+0000 is refused for every member before the schema runs (validate.ts, parseInput).
export const GroupDescription = z.string().max(2048);
export const RoleArn = z
  .string()
  .min(20)
  .max(2048)
  .regex(/^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/u);
/** Cognito's range is 0..2^31−1 (an Integer with minimum 0). */
export const Precedence = z.number().int().min(0).max(2_147_483_647);
