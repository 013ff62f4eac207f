import { z } from "zod";

/** SMSMfaSettings / SoftwareTokenMfaSettings / EmailMfaSettings of (Admin)SetUserMFAPreference. */
export const MfaSettings = z.object({ Enabled: z.boolean().optional(), PreferredMfa: z.boolean().optional() });

/** (Admin)SetUserSettings' MFAOptions. */
export const MfaOptions = z.array(
  z.object({
    DeliveryMedium: z.enum(["SMS", "EMAIL"]).optional(),
    AttributeName: z.string().min(1).max(32).optional(),
  }),
);

/** The request's settings by factor name, as MfaService.setPreference takes them. */
export function byFactor(req: {
  SMSMfaSettings?: z.infer<typeof MfaSettings> | undefined;
  SoftwareTokenMfaSettings?: z.infer<typeof MfaSettings> | undefined;
  EmailMfaSettings?: z.infer<typeof MfaSettings> | undefined;
}) {
  return {
    ...(req.SMSMfaSettings ? { SMS_MFA: req.SMSMfaSettings } : {}),
    ...(req.SoftwareTokenMfaSettings ? { SOFTWARE_TOKEN_MFA: req.SoftwareTokenMfaSettings } : {}),
    ...(req.EmailMfaSettings ? { EMAIL_OTP: req.EmailMfaSettings } : {}),
  };
}
