import type {
  CompleteWebAuthnRegistrationRequest,
  CompleteWebAuthnRegistrationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "webAuthn">;

/** Verifies the RegistrationResponseJSON of a StartWebAuthnRegistration challenge and stores the passkey. */
export const completeWebAuthnRegistration = defineTarget<CompleteWebAuthnRegistrationRequest>()({
  name: "CompleteWebAuthnRegistration",
  access: "public",
  input: z.object({
    AccessToken: Token,
    // A JSON document; its members are checked by the service, each refusal naming the member.
    Credential: z.custom<NonNullable<CompleteWebAuthnRegistrationRequest["Credential"]>>(
      (v) => v !== undefined && v !== null,
      { message: "Credential is required." },
    ),
  }),
  async handle(deps: Deps, req): Promise<CompleteWebAuthnRegistrationResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    await deps.webAuthn.completeRegistration(pool, user, claims.client_id ?? "", req.Credential);
    return {};
  },
});
