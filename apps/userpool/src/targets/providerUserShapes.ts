/** ProviderUserIdentifierType (API reference): the user named by a provider, an attribute and its value. */
import { z } from "zod";
import { ProviderName } from "../protocol/fields.js";

// AdminLinkProviderForUser and AdminDisableProviderForUser need every member to find the user.
export const ProviderUserIdentifier = z.object({
  ProviderName,
  ProviderAttributeName: z.string().min(1).max(2048).optional(),
  ProviderAttributeValue: z.string().min(1).max(2048),
});
