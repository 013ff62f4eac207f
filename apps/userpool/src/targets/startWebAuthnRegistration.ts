import type {
  StartWebAuthnRegistrationRequest,
  StartWebAuthnRegistrationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "webAuthn">;

/** The signed-in user's CredentialCreationOptions for a new passkey (the challenge is single use). */
export const startWebAuthnRegistration = defineTarget<StartWebAuthnRegistrationRequest>()({
  name: "StartWebAuthnRegistration",
  access: "public",
  input: z.object({ AccessToken: Token }),
  async handle(deps: Deps, req): Promise<StartWebAuthnRegistrationResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    return {
      CredentialCreationOptions: (await deps.webAuthn.startRegistration(pool, user, claims.client_id ?? "")) as never,
    };
  },
});
