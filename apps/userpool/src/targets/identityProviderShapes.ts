/** Input shapes shared by the identity-provider operations (API reference, CreateIdentityProvider). */
import { z } from "zod";

export const ProviderType = z.enum(["SAML", "Facebook", "Google", "LoginWithAmazon", "SignInWithApple", "OIDC"]);
export const ProviderDetails = z.record(z.string().min(1).max(131072), z.string().max(131072));
export const AttributeMapping = z.record(z.string().min(1).max(32), z.string().max(131072));
export const IdpIdentifiers = z
  .array(
    z
      .string()
      .min(1)
      .max(40)
      .regex(/^[\w\s+=.@-]+$/u),
  )
  .max(50);
