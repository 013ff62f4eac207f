import type { SetUICustomizationRequest, SetUICustomizationResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Blob } from "./brandingShapes.js";

type Deps = Pick<Services, "hostedBranding">;

/** API reference, SetUICustomization: CSS and logo of the classic hosted UI, for `ALL` clients or one. */
export const setUICustomization = defineTarget<SetUICustomizationRequest>()({
  name: "SetUICustomization",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId: ClientId.optional(),
    CSS: z.string().max(131072).optional(),
    ImageFile: Blob(131072).optional(),
  }),
  async handle(deps: Deps, req): Promise<SetUICustomizationResponse> {
    return {
      UICustomization: await deps.hostedBranding.setUiCustomization(
        req.UserPoolId,
        req.ClientId,
        req.CSS,
        req.ImageFile?.toString("base64"),
      ),
    };
  },
});
