import type {
  GetSigningCertificateRequest,
  GetSigningCertificateResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "samlCertificates">;

export const getSigningCertificate = defineTarget<GetSigningCertificateRequest>()({
  name: "GetSigningCertificate",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<GetSigningCertificateResponse> {
    await deps.pools.getPool(req.UserPoolId);
    return { Certificate: await deps.samlCertificates.certificate(req.UserPoolId) };
  },
});
