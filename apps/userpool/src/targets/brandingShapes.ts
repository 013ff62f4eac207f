/** Input shapes of the branding and terms operations (Cognito API reference, Data Types). */
import type { CreateManagedLoginBrandingRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/u;

/** A blob member: base64 on the wire, at most `max` bytes once decoded. */
export function Blob(max: number) {
  return z
    .string()
    .max(Math.ceil(max / 3) * 4)
    .regex(BASE64)
    .transform((s) => Buffer.from(s, "base64"))
    .refine((b) => b.length <= max, { message: `Member must have length less than or equal to ${max}` });
}

/** ManagedLoginBrandingIdType / TermsIdType: a version-4 UUID. */
export const UuidV4 = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/u);

/** The Settings Document: any JSON object (kept exactly as sent). */
export const SettingsDocument = z.custom<NonNullable<CreateManagedLoginBrandingRequest["Settings"]>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  { message: "Settings must be a JSON object" },
);

export const Asset = z.object({
  Category: z.enum([
    "FAVICON_ICO",
    "FAVICON_SVG",
    "EMAIL_GRAPHIC",
    "SMS_GRAPHIC",
    "AUTH_APP_GRAPHIC",
    "PASSWORD_GRAPHIC",
    "PASSKEY_GRAPHIC",
    "PAGE_HEADER_LOGO",
    "PAGE_HEADER_BACKGROUND",
    "PAGE_FOOTER_LOGO",
    "PAGE_FOOTER_BACKGROUND",
    "PAGE_BACKGROUND",
    "FORM_BACKGROUND",
    "FORM_LOGO",
    "IDP_BUTTON_ICON",
  ]),
  ColorMode: z.enum(["LIGHT", "DARK", "DYNAMIC"]),
  Extension: z.enum(["ICO", "JPEG", "PNG", "SVG", "WEBP"]),
  Bytes: Blob(1_000_000).optional(),
  ResourceId: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[\w\- ]+$/u)
    .optional(),
});
export const Assets = z.array(Asset).max(40);

/** Assets as the store keeps them: bytes back in base64. */
export function storedAssets(assets: z.output<typeof Assets> | undefined) {
  return assets?.map(({ Bytes, ...a }) => ({ ...a, ...(Bytes ? { Bytes: Bytes.toString("base64") } : {}) }));
}

export const TermsName = z.string().regex(/^(terms-of-use|privacy-policy)$/u);
export const TermsSource = z.enum(["LINK"]);
export const TermsEnforcement = z.enum(["NONE"]);
export const Links = z
  .record(
    z
      .string()
      .regex(
        new RegExp(
          "^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|" +
            "portuguese-brazil|chinese-(simplified|traditional))$",
          "u",
        ),
      ),
    z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u),
  )
  .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= 13, {
    message: "Member must have length between 1 and 13",
  });
