import type {
  DescribeManagedLoginBrandingRequest,
  DescribeManagedLoginBrandingResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { UuidV4 } from "./brandingShapes.js";

type Deps = Pick<Services, "hostedBranding">;

/** API reference, DescribeManagedLoginBranding: ReturnMergedResources adds the defaults left unchanged. */
export const describeManagedLoginBranding = defineTarget<DescribeManagedLoginBrandingRequest>()({
  name: "DescribeManagedLoginBranding",
  access: "admin",
  input: z.object({ UserPoolId, ManagedLoginBrandingId: UuidV4, ReturnMergedResources: z.boolean().optional() }),
  async handle(deps: Deps, req): Promise<DescribeManagedLoginBrandingResponse> {
    return {
      ManagedLoginBranding: await deps.hostedBranding.describeManagedLogin(
        req.UserPoolId,
        req.ManagedLoginBrandingId,
        req.ReturnMergedResources === true,
      ),
    };
  },
});
