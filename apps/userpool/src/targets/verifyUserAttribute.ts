import type {
  VerifyUserAttributeRequest,
  VerifyUserAttributeResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AttributeName, ConfirmationCode, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "attributeUpdates">;

export const verifyUserAttribute = defineTarget<VerifyUserAttributeRequest>()({
  name: "VerifyUserAttribute",
  access: "public",
  input: z.object({ AccessToken: Token, AttributeName, Code: ConfirmationCode }),
  async handle(deps: Deps, req): Promise<VerifyUserAttributeResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.attributeUpdates.verify({ pool, user, name: req.AttributeName, code: req.Code });
    return {};
  },
});
