import type {
  UpdateManagedLoginBrandingRequest,
  UpdateManagedLoginBrandingResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Assets, SettingsDocument, storedAssets, UuidV4 } from "./brandingShapes.js";

type Deps = Pick<Services, "hostedBranding">;

/**
 * API reference, UpdateManagedLoginBranding: "preserves existing style settings that you don't specify".
 * UserPoolId and ManagedLoginBrandingId are optional in the model, but name the style: both are required here.
 */
export const updateManagedLoginBranding = defineTarget<UpdateManagedLoginBrandingRequest>()({
  name: "UpdateManagedLoginBranding",
  access: "admin",
  input: z.object({
    UserPoolId,
    ManagedLoginBrandingId: UuidV4,
    UseCognitoProvidedValues: z.boolean().optional(),
    Settings: SettingsDocument.optional(),
    Assets: Assets.optional(),
  }),
  async handle(deps: Deps, req): Promise<UpdateManagedLoginBrandingResponse> {
    const assets = storedAssets(req.Assets);
    return {
      ManagedLoginBranding: await deps.hostedBranding.updateManagedLogin(req.UserPoolId, req.ManagedLoginBrandingId, {
        ...(req.UseCognitoProvidedValues !== undefined
          ? { useCognitoProvidedValues: req.UseCognitoProvidedValues }
          : {}),
        ...(req.Settings !== undefined ? { settings: req.Settings as Record<string, unknown> } : {}),
        ...(assets ? { assets } : {}),
      }),
    };
  },
});
