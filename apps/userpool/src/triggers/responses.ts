/**
 * Reading a trigger's answer. Cognito reads `response` from the event the function returns; a value
 * of the wrong type there is a malformed response, which fails the operation. Missing or null
 * members mean "no change", as in the pre-filled event.
 */
import type { Attributes } from "../services/attributes.js";
import type { MigratedUser, PreSignUpResult } from "../services/triggers.js";
import { MalformedResponse } from "./failures.js";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

/** The `response` object of a returned event. */
export function responseOf(returned: unknown): Json {
  // Cognito's wording when a function returns something that is not an event.
  if (!isObject(returned)) throw new MalformedResponse("Unrecognizable lambda output");
  if (!isObject(returned.response))
    throw new MalformedResponse("Unrecognizable lambda output: response must be an object");
  return returned.response;
}

export function optionalBoolean(o: Json, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (typeof v !== "boolean") throw new MalformedResponse(`Invalid lambda response: ${path}.${key} must be a boolean`);
  return v;
}

export function optionalString(o: Json, key: string, path: string, maxLength?: number): string | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (typeof v !== "string") throw new MalformedResponse(`Invalid lambda response: ${path}.${key} must be a string`);
  if (maxLength !== undefined && v.length > maxLength)
    throw new MalformedResponse(`Invalid lambda response: ${path}.${key} is longer than ${maxLength} characters`);
  return v;
}

export function optionalObject(o: Json, key: string, path: string): Json | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (!isObject(v)) throw new MalformedResponse(`Invalid lambda response: ${path}.${key} must be an object`);
  return v;
}

export function optionalStringList(o: Json, key: string, path: string): string[] | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new MalformedResponse(`Invalid lambda response: ${path}.${key} must be a list of strings`);
  return v as string[];
}

function optionalEnum<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T | undefined {
  const v = optionalString(o, key, path);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new MalformedResponse(`Invalid lambda response: ${path}.${key} must be one of ${allowed.join(", ")}`);
  return v as T;
}

export function optionalStringMap(o: Json, key: string, path: string): Attributes | undefined {
  const v = optionalObject(o, key, path);
  if (!v) return undefined;
  for (const [k, x] of Object.entries(v))
    if (typeof x !== "string")
      throw new MalformedResponse(`Invalid lambda response: ${path}.${key}.${k} must be a string`);
  return v as Attributes;
}

export function readPreSignUp(returned: unknown): PreSignUpResult {
  const r = responseOf(returned);
  return {
    autoConfirmUser: optionalBoolean(r, "autoConfirmUser", "response") ?? false,
    autoVerifyEmail: optionalBoolean(r, "autoVerifyEmail", "response") ?? false,
    autoVerifyPhone: optionalBoolean(r, "autoVerifyPhone", "response") ?? false,
  };
}

/** PostConfirmation, PreAuthentication, PostAuthentication: nothing to read, but the answer must still be an event. */
export function readEmpty(returned: unknown): void {
  responseOf(returned);
}

// Cognito's limits for custom messages (developer guide, custom message trigger).
const MAX_EMAIL_MESSAGE = 20_000;
const MAX_EMAIL_SUBJECT = 140;
const MAX_SMS_MESSAGE = 140;

export function readCustomMessage(returned: unknown): { subject?: string; message?: string; smsMessage?: string } {
  const r = responseOf(returned);
  const smsMessage = optionalString(r, "smsMessage", "response", MAX_SMS_MESSAGE);
  const message = optionalString(r, "emailMessage", "response", MAX_EMAIL_MESSAGE);
  const subject = optionalString(r, "emailSubject", "response", MAX_EMAIL_SUBJECT);
  return {
    ...(subject !== undefined ? { subject } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(smsMessage !== undefined ? { smsMessage } : {}),
  };
}

/** undefined: the function does not know the user (it left userAttributes empty). */
export function readUserMigration(
  returned: unknown,
  source: "UserMigration_Authentication" | "UserMigration_ForgotPassword",
): MigratedUser | undefined {
  const r = responseOf(returned);
  const attributes = optionalStringMap(r, "userAttributes", "response");
  const finalUserStatus = optionalEnum(r, "finalUserStatus", "response", ["CONFIRMED", "RESET_REQUIRED"] as const);
  const messageAction = optionalEnum(r, "messageAction", "response", ["SUPPRESS", "RESEND"] as const);
  const mediums = optionalStringList(r, "desiredDeliveryMediums", "response");
  if (mediums?.some((m) => m !== "EMAIL" && m !== "SMS"))
    throw new MalformedResponse("Invalid lambda response: response.desiredDeliveryMediums must hold EMAIL or SMS");
  const forceAliasCreation = optionalBoolean(r, "forceAliasCreation", "response") ?? false;
  optionalBoolean(r, "enableSMSMFA", "response");
  if (!attributes || Object.keys(attributes).length === 0) return undefined;
  return {
    attributes,
    // Forgot-password migration always ends in RESET_REQUIRED: the user has no password here yet.
    finalUserStatus: source === "UserMigration_ForgotPassword" ? "RESET_REQUIRED" : (finalUserStatus ?? "CONFIRMED"),
    ...(messageAction ? { messageAction } : {}),
    ...(mediums ? { desiredDeliveryMediums: mediums as ("EMAIL" | "SMS")[] } : {}),
    forceAliasCreation,
  };
}
