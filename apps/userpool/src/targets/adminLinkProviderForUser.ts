import type {
  AdminLinkProviderForUserRequest,
  AdminLinkProviderForUserResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { ProviderUserIdentifier } from "./providerUserShapes.js";

type Deps = Pick<Services, "pools" | "providerLinks">;

export const adminLinkProviderForUser = defineTarget<AdminLinkProviderForUserRequest>()({
  name: "AdminLinkProviderForUser",
  access: "admin",
  input: z.object({ UserPoolId, DestinationUser: ProviderUserIdentifier, SourceUser: ProviderUserIdentifier }),
  async handle(deps: Deps, req): Promise<AdminLinkProviderForUserResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    await deps.providerLinks.link(pool, req.DestinationUser, req.SourceUser);
    return {};
  },
});
