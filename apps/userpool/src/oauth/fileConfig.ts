/**
 * Config-file members for OAuth 2.0 / OIDC, merged into each pool entry of
 * userpool.config.json, with Cognito's member names: the pool's Domain (CreateUserPoolDomain),
 * ResourceServers (CreateResourceServer), IdentityProviders (CreateIdentityProvider, plus
 * ClientSecretFromEnv so secrets stay out of the file) and UICustomization (logo and CSS of the
 * hosted pages). `DevGoogle` at the top level configures the development Google provider.
 */
import { z } from "zod";
import { ProviderName } from "../protocol/fields.js";
import { AttributeMapping, IdpIdentifiers, ProviderDetails, ProviderType } from "../targets/identityProviderShapes.js";
import { Identifier, ResourceServerName, ResourceServerScopes } from "../targets/resourceServerShapes.js";

export const IdentityProviderFileEntry = z.object({
  ProviderName,
  ProviderType,
  ProviderDetails,
  AttributeMapping: AttributeMapping.optional(),
  IdpIdentifiers: IdpIdentifiers.optional(),
  /** Environment variable holding ProviderDetails.client_secret (production Google). */
  ClientSecretFromEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name")
    .optional(),
});

export const OAuthPoolFileMembers = {
  /** Prefix domain (e.g. authhub-local) or custom domain of the hosted UI; without one, no hosted UI. */
  Domain: z.string().min(1).max(253).optional(),
  ResourceServers: z
    .array(z.object({ Identifier, Name: ResourceServerName, Scopes: ResourceServerScopes.optional() }))
    .max(25)
    .default([]),
  IdentityProviders: z.array(IdentityProviderFileEntry).max(50).default([]),
  UICustomization: z
    .object({
      CSS: z.string().max(131072).optional(),
      /** Logo: base64 PNG/JPEG (Cognito's ImageFile) or SVG. */
      ImageFile: z.string().max(200_000).optional(),
    })
    .optional(),
};

export const DevGoogleFileEntry = z.object({
  /** Clients registered at the development Google (what the Google Cloud console holds for real Google). */
  Clients: z
    .array(z.object({ ClientId: z.string().min(1).max(256), ClientSecret: z.string().min(8).max(256) }))
    .max(20)
    .default([]),
  /** The accounts its chooser offers. */
  Accounts: z
    .array(
      z.object({
        sub: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
        email: z.string().email(),
        email_verified: z.boolean().optional(),
        name: z.string().max(256).optional(),
        given_name: z.string().max(256).optional(),
        family_name: z.string().max(256).optional(),
        picture: z.string().url().optional(),
      }),
    )
    .max(50)
    .default([]),
});
