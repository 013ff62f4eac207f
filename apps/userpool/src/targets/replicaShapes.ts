import { z } from "zod";

/** RegionName of the replica operations: 5 to 32 characters (API reference, CreateUserPoolReplica). */
export const RegionName = z.string().min(5).max(32);
