import type {
  ListWebAuthnCredentialsRequest,
  ListWebAuthnCredentialsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "webAuthn">;

/** The signed-in user's passkeys, oldest first; MaxResults 0–20 (API reference, ListWebAuthnCredentials). */
export const listWebAuthnCredentials = defineTarget<ListWebAuthnCredentialsRequest>()({
  name: "ListWebAuthnCredentials",
  access: "public",
  input: z.object({
    AccessToken: Token,
    NextToken: PaginationKey.optional(),
    MaxResults: z.number().int().min(0).max(20).optional(),
  }),
  async handle(deps: Deps, req): Promise<ListWebAuthnCredentialsResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    return deps.webAuthn.list(pool, user, req.MaxResults, req.NextToken);
  },
});
