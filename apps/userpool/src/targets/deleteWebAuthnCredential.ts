import type {
  DeleteWebAuthnCredentialRequest,
  DeleteWebAuthnCredentialResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "webAuthn">;

/** Deletes one of the signed-in user's passkeys; another user's is ResourceNotFoundException. */
export const deleteWebAuthnCredential = defineTarget<DeleteWebAuthnCredentialRequest>()({
  name: "DeleteWebAuthnCredential",
  access: "public",
  input: z.object({
    AccessToken: Token,
    // A credential ID as ListWebAuthnCredentials shows it (base64url, at most 1023 bytes).
    CredentialId: z
      .string()
      .min(1)
      .max(1400)
      .regex(/^[\w+=,.@-]+$/u),
  }),
  async handle(deps: Deps, req): Promise<DeleteWebAuthnCredentialResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.webAuthn.delete(pool, user, req.CredentialId);
    return {};
  },
});
