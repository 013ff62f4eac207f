/** Input shapes of the resource-server operations (API reference, CreateResourceServer). */
import { z } from "zod";

export const Identifier = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/u);
export const ResourceServerName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\w\s+=,.@-]+$/u);
export const ResourceServerScopes = z
  .array(
    z.object({
      ScopeName: z
        .string()
        .min(1)
        .max(256)
        .regex(/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/u),
      ScopeDescription: z.string().min(1).max(256),
    }),
  )
  .max(100);
