/**
 * Cognito's shared input shapes, with the lengths and patterns of the Cognito API reference
 * ("Data Types" pages). AWS matches a pattern against the whole value, so every regex is anchored.
 */
import { z } from "zod";

const printable = "\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}";

export const ClientId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w+]+$/u);
export const UserPoolId = z
  .string()
  .min(1)
  .max(55)
  .regex(/^[\w-]+_[0-9a-zA-Z]+$/u);
export const Username = z
  .string()
  .min(1)
  .max(128)
  .regex(new RegExp(`^[${printable}]+$`, "u"));
/** No leading or trailing whitespace (Cognito: "^[\S]+.*[\S]+$"); the policy check happens later. */
export const Password = z
  .string()
  .min(1)
  .max(256)
  .regex(/^\S(?:[\s\S]*\S)?$/u);
export const SecretHash = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w+=/]+$/u);
export const ClientSecret = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w+]+$/u);
export const ConfirmationCode = z.string().min(1).max(2048).regex(/^\S+$/u);
export const Session = z.string().min(20).max(2048);
export const Token = z
  .string()
  .min(1)
  .max(16384)
  .regex(/^[A-Za-z0-9\-_=.]+$/u);
export const AttributeName = z
  .string()
  .min(1)
  .max(32)
  .regex(new RegExp(`^[${printable}]+$`, "u"));
export const AttributeValue = z.string().max(2048);
export const StringMap = z.record(z.string().max(131072), z.string().max(131072));
export const PaginationKey = z.string().min(1).max(8192).regex(/^\S+$/u);
export const UserPoolName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w\s+=,.@-]+$/u);
export const ClientName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w\s+=,.@-]+$/u);
export const RedirectUrl = z
  .string()
  .min(1)
  .max(1024)
  .regex(new RegExp(`^[${printable}]+$`, "u"));
export const Scope = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/u);
export const ProviderName = z
  .string()
  .min(1)
  .max(32)
  .regex(new RegExp(`^[${printable}]+$`, "u"));
export const DeviceKey = z
  .string()
  .min(1)
  .max(55)
  .regex(/^[\w-]+_[0-9a-f-]+$/u);
export const ArnLike = z.string().min(1).max(2048);

export const Attribute = z.object({ Name: AttributeName, Value: AttributeValue.optional() });
export const AttributeList = z.array(Attribute).max(100);
export const UserContextData = z.object({
  IpAddress: z.string().max(256).optional(),
  EncodedData: z.string().max(131072).optional(),
});
export const AnalyticsMetadata = z.object({ AnalyticsEndpointId: z.string().max(256).optional() });
export const ContextData = z.object({
  IpAddress: z.string().max(256),
  ServerName: z.string().max(256),
  ServerPath: z.string().max(256),
  HttpHeaders: z
    .array(z.object({ headerName: z.string().max(256).optional(), headerValue: z.string().max(8192).optional() }))
    .max(100),
  EncodedData: z.string().max(131072).optional(),
});

export const AuthFlow = z.enum([
  "USER_SRP_AUTH",
  "REFRESH_TOKEN_AUTH",
  "REFRESH_TOKEN",
  "CUSTOM_AUTH",
  "ADMIN_NO_SRP_AUTH",
  "USER_PASSWORD_AUTH",
  "ADMIN_USER_PASSWORD_AUTH",
  "USER_AUTH",
]);
export const ChallengeName = z.enum([
  "SMS_MFA",
  "EMAIL_OTP",
  "SOFTWARE_TOKEN_MFA",
  "SELECT_MFA_TYPE",
  "MFA_SETUP",
  "PASSWORD_VERIFIER",
  "CUSTOM_CHALLENGE",
  "SELECT_CHALLENGE",
  "DEVICE_SRP_AUTH",
  "DEVICE_PASSWORD_VERIFIER",
  "ADMIN_NO_SRP_AUTH",
  "NEW_PASSWORD_REQUIRED",
  "SMS_OTP",
  "PASSWORD",
  "WEB_AUTHN",
  "PASSWORD_SRP",
]);
export const DeliveryMedium = z.enum(["SMS", "EMAIL"]);
