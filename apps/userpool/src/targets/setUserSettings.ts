import type { SetUserSettingsRequest, SetUserSettingsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";
import { MfaOptions } from "./mfaShapes.js";

type Deps = Pick<Services, "accessTokens" | "mfa">;

/** The legacy MFA setting (SMS only); SetUserMFAPreference is its successor. */
export const setUserSettings = defineTarget<SetUserSettingsRequest>()({
  name: "SetUserSettings",
  access: "public",
  input: z.object({ AccessToken: Token, MFAOptions: MfaOptions }),
  async handle(deps: Deps, req): Promise<SetUserSettingsResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.mfa.setLegacyOptions(pool, user, req.MFAOptions);
    return {};
  },
});
