import type { DeleteManagedLoginBrandingRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { UuidV4 } from "./brandingShapes.js";

type Deps = Pick<Services, "hostedBranding">;

/** API reference, DeleteManagedLoginBranding: the client's pages fall back to the default style. */
export const deleteManagedLoginBranding = defineTarget<DeleteManagedLoginBrandingRequest>()({
  name: "DeleteManagedLoginBranding",
  access: "admin",
  input: z.object({ ManagedLoginBrandingId: UuidV4, UserPoolId }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.hostedBranding.deleteManagedLogin(req.UserPoolId, req.ManagedLoginBrandingId);
    return {};
  },
});
