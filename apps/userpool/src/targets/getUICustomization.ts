import type { GetUICustomizationRequest, GetUICustomizationResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "hostedBranding">;

/** API reference, GetUICustomization: the client's customization, else the pool's `ALL` one. */
export const getUICustomization = defineTarget<GetUICustomizationRequest>()({
  name: "GetUICustomization",
  access: "admin",
  input: z.object({ UserPoolId, ClientId: ClientId.optional() }),
  async handle(deps: Deps, req): Promise<GetUICustomizationResponse> {
    return { UICustomization: await deps.hostedBranding.getUiCustomization(req.UserPoolId, req.ClientId) };
  },
});
