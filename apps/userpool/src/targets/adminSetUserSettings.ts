import type {
  AdminSetUserSettingsRequest,
  AdminSetUserSettingsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { MfaOptions } from "./mfaShapes.js";

type Deps = Pick<Services, "pools" | "users" | "mfa">;

/** The legacy MFA setting (SMS only), as an administrator; AdminSetUserMFAPreference is its successor. */
export const adminSetUserSettings = defineTarget<AdminSetUserSettingsRequest>()({
  name: "AdminSetUserSettings",
  access: "admin",
  input: z.object({ UserPoolId, Username, MFAOptions: MfaOptions }),
  async handle(deps: Deps, req): Promise<AdminSetUserSettingsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.mfa.setLegacyOptions(pool, user, req.MFAOptions);
    return {};
  },
});
