import type { GetUserRequest, GetUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { toAttributeList } from "../services/attributes.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "pools" | "mfa">;

export const getUser = defineTarget<GetUserRequest>()({
  name: "GetUser",
  access: "public",
  input: z.object({ AccessToken: Token }),
  async handle(deps: Deps, req): Promise<GetUserResponse> {
    // Needs aws.cognito.signin.user.admin, like every self-service operation.
    const { user, mfa, claims } = await authenticateUser(deps, req.AccessToken);
    // The attributes the issuing client may read (ReadAttributes), as Cognito filters them.
    const client = claims.client_id ? await deps.pools.findClient(claims.client_id) : undefined;
    return {
      Username: user.username,
      UserAttributes: toAttributeList(user.attributes, client?.settings.ReadAttributes),
      ...deps.mfa.describeRow(user, mfa),
    };
  },
});
