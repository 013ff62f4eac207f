import type {
  CreateManagedLoginBrandingRequest,
  CreateManagedLoginBrandingResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Assets, SettingsDocument, storedAssets } from "./brandingShapes.js";

type Deps = Pick<Services, "hostedBranding">;

/** API reference, CreateManagedLoginBranding: one style per app client; Settings and Assets kept as sent. */
export const createManagedLoginBranding = defineTarget<CreateManagedLoginBrandingRequest>()({
  name: "CreateManagedLoginBranding",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    UseCognitoProvidedValues: z.boolean().optional(),
    Settings: SettingsDocument.optional(),
    Assets: Assets.optional(),
  }),
  async handle(deps: Deps, req): Promise<CreateManagedLoginBrandingResponse> {
    const assets = storedAssets(req.Assets);
    return {
      ManagedLoginBranding: await deps.hostedBranding.createManagedLogin(req.UserPoolId, req.ClientId, {
        ...(req.UseCognitoProvidedValues !== undefined
          ? { useCognitoProvidedValues: req.UseCognitoProvidedValues }
          : {}),
        ...(req.Settings !== undefined ? { settings: req.Settings as Record<string, unknown> } : {}),
        ...(assets ? { assets } : {}),
      }),
    };
  },
});
