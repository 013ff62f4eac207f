import type { AdminConfirmSignUpRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import { StringMap, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "triggers">;

export const adminConfirmSignUp = defineTarget<AdminConfirmSignUpRequest>()({
  name: "AdminConfirmSignUp",
  access: "admin",
  input: z.object({ UserPoolId, Username, ClientMetadata: StringMap.optional() }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    // Confirms the account only; unlike ConfirmSignUp it does not mark the e-mail verified (as Cognito).
    const updated =
      user.status === "UNCONFIRMED"
        ? await deps.users.update(pool, user, { status: "CONFIRMED" }, { expectStatus: "UNCONFIRMED" })
        : undefined;
    if (!updated)
      throw new NotAuthorizedException(
        `User cannot be confirmed. Current status is ${user.status === "UNCONFIRMED" ? "CONFIRMED" : user.status}`,
      );
    await deps.triggers.postConfirmation({
      pool,
      source: "PostConfirmation_ConfirmSignUp",
      user: updated,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return {};
  },
});
