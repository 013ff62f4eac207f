import type { ChangePasswordRequest, ChangePasswordResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { INCORRECT_CREDENTIALS, NotAuthorizedException } from "../errors/cognitoErrors.js";
import { Password, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { signalsOf } from "../services/risk/riskScore.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "passwords" | "quotas" | "accountPasswords" | "threats">;

/**
 * Changes the signed-in user's password; the previous one must be right, where the user has one.
 * Counted against Cognito's 5 calls per user per hour, wrong previous passwords included. The caller's
 * own session survives even when the pool ends other sessions on a password change.
 */
export const changePassword = defineTarget<ChangePasswordRequest>()({
  name: "ChangePassword",
  access: "public",
  input: z.object({ PreviousPassword: Password.optional(), ProposedPassword: Password, AccessToken: Token }),
  async handle(deps: Deps, req, rc): Promise<ChangePasswordResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    await deps.quotas.consume(pool, `u:${user.id}`, "ChangePassword");
    // "Required if the user has a password": a passwordless user (SignUp without one) sets its first
    // password with the access token alone (API reference, ChangePassword PreviousPassword; ADR 0027).
    const hasPassword = user.verifierEnc !== null || user.status === "EXTERNAL_PROVIDER";
    if (hasPassword || req.PreviousPassword !== undefined)
      if (req.PreviousPassword === undefined || !deps.passwords.verifyPassword(user, req.PreviousPassword))
        throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    deps.passwords.checkPolicy(pool.settings.Policies.PasswordPolicy, req.ProposedPassword, "other");
    // Threat protection: a password on the breach list is refused under a BLOCK action (ADR 0031).
    const clientId = typeof claims.client_id === "string" ? claims.client_id : undefined;
    const signals = signalsOf(rc);
    const { compromised } = await deps.threats
      .checkNewPassword({ pool, ...(clientId ? { clientId } : {}) }, "PASSWORD_CHANGE", req.ProposedPassword)
      .catch(async (err: unknown) => {
        await deps.threats.record(pool, user, "PasswordChange", signals, { pass: false, compromised: true });
        throw err;
      });
    // An imported user signed in with a code (RESET_REQUIRED, no password) has now reset its password (ADR 0029).
    await deps.accountPasswords.replace(pool, user, req.ProposedPassword, {
      ...(typeof claims.origin_jti === "string" ? { keepOrigin: claims.origin_jti } : {}),
      ...(user.status === "RESET_REQUIRED" && user.verifierEnc === null ? { status: "CONFIRMED" as const } : {}),
    });
    await deps.threats.record(pool, user, "PasswordChange", signals, { pass: true, compromised });
    return {};
  },
});
