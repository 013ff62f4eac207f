import { z } from "zod";

/** RestoreId as this server mints it (a UUID); anything else cannot name one of its recoveries. */
export const RestoreId = z.string().min(1).max(64);
