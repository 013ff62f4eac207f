import { z } from "zod";

/** LimitDefinitionType: for API rate limits, LimitClass API_CATEGORY and the Category attribute. */
export const LimitDefinition = z.object({
  LimitClass: z.enum(["API_CATEGORY"]),
  Attributes: z.record(z.string().min(1).max(128), z.string().min(1).max(128)),
});
