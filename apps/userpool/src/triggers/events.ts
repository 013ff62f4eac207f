/**
 * The events this server sends, in the shape Amazon Cognito sends them (developer guide,
 * "Customizing user pool workflows with Lambda triggers" and the page of each trigger; recorded in
 * packages/triggers/fixtures). Conventions copied from Cognito:
 * - every attribute value is a string; existing users' attributes carry `cognito:user_status`;
 * - the `response` object arrives pre-filled (nulls / false), so handlers can assign into it;
 * - `clientMetadata` is present only when the caller passed ClientMetadata, `validationData` is
 *   null when it passed none;
 * - an operation without an app client (AdminCreateUser) says so with CLIENT_ID_NOT_APPLICABLE;
 * - `userNotFound` is there only when the app client has PreventUserExistenceErrors ENABLED.
 */
import type { UserRow } from "../store/index.js";
import type { Attributes } from "../services/attributes.js";
import type { Client, Pool } from "../services/pools.js";
import type {
  CustomMessageSource,
  PreAuthenticationContext,
  PreSignUpSource,
  TokenClaims,
  TokenGenerationSource,
  TriggerContext,
} from "../services/triggers.js";
import { hidesUserExistence } from "../services/userExistence.js";
import type { PreTokenGenerationVersion } from "./lambdaConfig.js";

/** The common part of every event. */
export interface EventHeader {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
}

export interface TriggerEvent extends EventHeader {
  request: Record<string, unknown>;
  /** Absent only in the custom sender events, whose answer Cognito does not read. */
  response?: Record<string, unknown>;
}

// Cognito fills this from the caller's SDK user agent; ours does not reach the trigger seam, and
// this is the value Cognito itself sends when it cannot tell.
const AWS_SDK_VERSION = "aws-sdk-unknown-unknown";
const NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE";
/** The placeholders Cognito hands a CustomMessage trigger. */
export const CODE_PARAMETER = "{####}";
export const LINK_PARAMETER = "{##Click Here##}";
export const USERNAME_PARAMETER = "{username}";

function header(ctx: TriggerContext, triggerSource: string, userName: string, version = "1"): EventHeader {
  return {
    version,
    triggerSource,
    region: ctx.pool.settings.Region,
    userPoolId: ctx.pool.id,
    userName,
    callerContext: { awsSdkVersion: AWS_SDK_VERSION, clientId: ctx.client?.id ?? NO_CLIENT },
  };
}

const metadata = (ctx: TriggerContext) => (ctx.clientMetadata ? { clientMetadata: { ...ctx.clientMetadata } } : {});
const stringMapOrNull = (m: Attributes | undefined) => (m && Object.keys(m).length ? { ...m } : null);

/** An existing user's attributes as triggers see them: sub and status first, then the rest, then alias markers. */
export function userAttributesOf(pool: Pool, user: UserRow): Attributes {
  const { sub, ...rest } = user.attributes;
  const out: Attributes = { sub: sub ?? user.id, "cognito:user_status": user.status, ...rest };
  // Pools with e-mail/phone as an *alias* mark the verified ones (developer guide, pre token generation examples).
  if (pool.settings.AliasAttributes?.includes("email") && rest.email && rest.email_verified === "true")
    out["cognito:email_alias"] = rest.email;
  if (
    pool.settings.AliasAttributes?.includes("phone_number") &&
    rest.phone_number &&
    rest.phone_number_verified === "true"
  )
    out["cognito:phone_number_alias"] = rest.phone_number;
  return out;
}

export function preSignUpEvent(
  ctx: TriggerContext & {
    source: PreSignUpSource;
    username: string;
    attributes: Attributes;
    validationData?: Attributes;
  },
): TriggerEvent {
  return {
    ...header(ctx, ctx.source, ctx.username),
    request: {
      userAttributes: { ...ctx.attributes },
      validationData: stringMapOrNull(ctx.validationData),
      ...metadata(ctx),
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

export function postConfirmationEvent(ctx: TriggerContext & { source: string; user: UserRow }): TriggerEvent {
  return {
    ...header(ctx, ctx.source, ctx.user.username),
    request: { userAttributes: userAttributesOf(ctx.pool, ctx.user), ...metadata(ctx) },
    response: {},
  };
}

/**
 * `request.userNotFound` of the sign-in triggers: "populated when PreventUserExistenceErrors is set to
 * ENABLED" for the app client (developer guide, "Pre authentication Lambda trigger", and the three
 * custom-challenge trigger pages), so absent otherwise, where an unknown name never reaches a trigger.
 */
export function userNotFoundOf(client: Client | undefined, notFound: boolean): { userNotFound?: boolean } {
  return client && hidesUserExistence(client) ? { userNotFound: notFound } : {};
}

/** A name no user has (only with PreventUserExistenceErrors ENABLED): userName is the name typed, no attributes. */
export function preAuthenticationEvent(ctx: PreAuthenticationContext): TriggerEvent {
  return {
    ...header(ctx, "PreAuthentication_Authentication", ctx.user ? ctx.user.username : ctx.username),
    request: {
      userAttributes: ctx.user ? userAttributesOf(ctx.pool, ctx.user) : {},
      validationData: stringMapOrNull(ctx.validationData),
      ...metadata(ctx),
      ...userNotFoundOf(ctx.client, !ctx.user),
    },
    response: {},
  };
}

export function postAuthenticationEvent(ctx: TriggerContext & { user: UserRow; newDeviceUsed: boolean }): TriggerEvent {
  return {
    ...header(ctx, "PostAuthentication_Authentication", ctx.user.username),
    request: {
      userAttributes: userAttributesOf(ctx.pool, ctx.user),
      newDeviceUsed: ctx.newDeviceUsed,
      ...metadata(ctx),
    },
    response: {},
  };
}

/**
 * V1_0 → event version "1" and `claimsOverrideDetails`; V2_0/V3_0 → "2"/"3", `scopes` and
 * `claimsAndScopeOverrideDetails`. `groupConfiguration` is what the token would say about groups
 * (the cognito:groups / cognito:roles / cognito:preferred_role claims), empty lists when none.
 */
export function preTokenGenerationEvent(
  ctx: TriggerContext & { source: TokenGenerationSource; user: UserRow; claims: TokenClaims; scopes: string[] },
  version: PreTokenGenerationVersion,
): TriggerEvent {
  const v1 = version === "V1_0";
  const id = ctx.claims.idClaims;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const groupConfiguration = {
    groupsToOverride: strings(id["cognito:groups"]),
    iamRolesToOverride: strings(id["cognito:roles"]),
    preferredRole: typeof id["cognito:preferred_role"] === "string" ? id["cognito:preferred_role"] : null,
  };
  return {
    ...header(ctx, ctx.source, ctx.user.username, v1 ? "1" : version === "V2_0" ? "2" : "3"),
    request: {
      userAttributes: userAttributesOf(ctx.pool, ctx.user),
      groupConfiguration,
      ...(v1 ? {} : { scopes: [...ctx.scopes] }),
      ...metadata(ctx),
    },
    response: v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  };
}

/**
 * The V3_0 event of a client credentials grant: no user, so `userName` is the app client (the token's `sub`),
 * `userAttributes` is empty and `groupConfiguration` has no groups; `scopes` are the ones being granted.
 */
export function clientCredentialsTokenEvent(ctx: TriggerContext & { scopes: string[] }): TriggerEvent {
  return {
    ...header(ctx, "TokenGeneration_ClientCredentials", ctx.client?.id ?? NO_CLIENT, "3"),
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: [...ctx.scopes],
      ...metadata(ctx),
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

export function customMessageEvent(ctx: TriggerContext & { source: CustomMessageSource; user: UserRow }): TriggerEvent {
  return {
    ...header(ctx, ctx.source, ctx.user.username),
    request: {
      userAttributes: userAttributesOf(ctx.pool, ctx.user),
      codeParameter: CODE_PARAMETER,
      linkParameter: LINK_PARAMETER,
      // Only the invitation carries the username placeholder (developer guide, custom message trigger).
      usernameParameter: ctx.source === "CustomMessage_AdminCreateUser" ? USERNAME_PARAMETER : null,
      ...metadata(ctx),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  };
}

/**
 * CustomEmailSender / CustomSMSSender (developer guide, "Custom email sender Lambda trigger" and "Custom SMS
 * sender Lambda trigger"): `request.type` names the request version, `request.code` is the encrypted code,
 * base64. Cognito reads nothing back, so the event has no `response` member.
 */
export function customSenderEvent(
  ctx: TriggerContext & { user: UserRow; triggerSource: string; type: string; encryptedCode: string },
): TriggerEvent {
  return {
    ...header(ctx, ctx.triggerSource, ctx.user.username),
    request: {
      type: ctx.type,
      code: ctx.encryptedCode,
      userAttributes: userAttributesOf(ctx.pool, ctx.user),
      ...metadata(ctx),
    },
  };
}

/** userName is what the user typed: the user does not exist yet. No password in the forgot-password flow. */
export function userMigrationEvent(
  ctx: TriggerContext & {
    source: "UserMigration_Authentication" | "UserMigration_ForgotPassword";
    username: string;
    password?: string;
    validationData?: Attributes;
  },
): TriggerEvent {
  return {
    ...header(ctx, ctx.source, ctx.username),
    request: {
      ...(ctx.password !== undefined ? { password: ctx.password } : {}),
      validationData: stringMapOrNull(ctx.validationData),
      ...metadata(ctx),
    },
    response: {
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    },
  };
}
