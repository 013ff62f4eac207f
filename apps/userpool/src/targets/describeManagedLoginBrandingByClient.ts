import type {
  DescribeManagedLoginBrandingByClientRequest,
  DescribeManagedLoginBrandingByClientResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "hostedBranding">;

/** API reference, DescribeManagedLoginBrandingByClient: the style assigned to the app client. */
export const describeManagedLoginBrandingByClient = defineTarget<DescribeManagedLoginBrandingByClientRequest>()({
  name: "DescribeManagedLoginBrandingByClient",
  access: "admin",
  input: z.object({ UserPoolId, ClientId, ReturnMergedResources: z.boolean().optional() }),
  async handle(deps: Deps, req): Promise<DescribeManagedLoginBrandingByClientResponse> {
    return {
      ManagedLoginBranding: await deps.hostedBranding.describeManagedLoginByClient(
        req.UserPoolId,
        req.ClientId,
        req.ReturnMergedResources === true,
      ),
    };
  },
});
