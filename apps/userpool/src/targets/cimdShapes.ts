/** Input shapes of the CIMD policy operations (API reference, CreateCIMDPolicy and CIMDPolicyType). */
import { z } from "zod";

export const CIMDPolicyId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/u);
export const PolicyName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+$/u);
export const CacheDuration = z.number().int().min(86_400).max(31_556_952);
export const URLPatterns = z.array(z.string().min(12).max(256)).min(1).max(5);
export const MetadataURL = z
  .string()
  .min(12)
  .max(256)
  .regex(/^https:\/\/\S+$/u);
export const MaxResults = z.number().int().min(1).max(60);
