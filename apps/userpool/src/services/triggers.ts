/**
 * The Lambda trigger seam. Every place Cognito invokes a trigger calls one of these methods. The
 * implementation is the trigger runtime (src/triggers/runtime.ts), which runs the pool's LambdaConfig;
 * `noTriggers` is what a pool without triggers gets. Names and sources follow Cognito's
 * `triggerSource` values; a failing trigger throws Cognito's UserLambdaValidationException, which
 * callers let propagate.
 */
import type { UserRow } from "../store/index.js";
import type { Attributes } from "./attributes.js";
import type { Client, Pool } from "./pools.js";

export interface TriggerContext {
  pool: Pool;
  client?: Client;
  clientMetadata?: Record<string, string>;
}

export interface PreSignUpResult {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

export type PreSignUpSource = "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser" | "PreSignUp_ExternalProvider";

export type TokenGenerationSource =
  | "TokenGeneration_Authentication"
  | "TokenGeneration_RefreshTokens"
  | "TokenGeneration_NewPasswordChallenge"
  | "TokenGeneration_HostedAuth";

export interface TokenClaims {
  idClaims: Record<string, unknown>;
  accessClaims: Record<string, unknown>;
}

export type CustomMessageSource =
  | "CustomMessage_SignUp"
  | "CustomMessage_ResendCode"
  | "CustomMessage_ForgotPassword"
  | "CustomMessage_UpdateUserAttribute"
  | "CustomMessage_VerifyUserAttribute"
  | "CustomMessage_AdminCreateUser"
  | "CustomMessage_Authentication";

/** The channel a custom sender trigger replaces: CustomEmailSender for e-mail, CustomSMSSender for texts. */
export type SenderChannel = "email" | "sms";

/** What a CustomMessage trigger answered: emailSubject, emailMessage and smsMessage, each optional. */
export interface CustomMessage {
  subject?: string;
  message?: string;
  smsMessage?: string;
}

/** What a UserMigration trigger answered for a user it knows: the caller creates the user from it. */
export interface MigratedUser {
  attributes: Attributes;
  /** CONFIRMED (the default at sign-in) or RESET_REQUIRED (always, in the forgot-password flow). */
  finalUserStatus: "CONFIRMED" | "RESET_REQUIRED";
  messageAction?: "SUPPRESS" | "RESEND";
  desiredDeliveryMediums?: ("EMAIL" | "SMS")[];
  forceAliasCreation: boolean;
}

export interface Triggers {
  preSignUp(
    ctx: TriggerContext & {
      source: PreSignUpSource;
      username: string;
      attributes: Attributes;
      validationData?: Attributes;
    },
  ): Promise<PreSignUpResult>;
  postConfirmation(
    ctx: TriggerContext & {
      source: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword";
      user: UserRow;
    },
  ): Promise<void>;
  preAuthentication(ctx: TriggerContext & { user: UserRow; validationData?: Attributes }): Promise<void>;
  postAuthentication(ctx: TriggerContext & { user: UserRow; newDeviceUsed: boolean }): Promise<void>;
  /** May change claims; the caller re-asserts the protected ones (iss, sub, token_use, …). */
  preTokenGeneration(
    ctx: TriggerContext & { source: TokenGenerationSource; user: UserRow; claims: TokenClaims; scopes: string[] },
  ): Promise<TokenClaims & { scopes: string[] }>;
  /**
   * PreTokenGeneration for a client credentials grant (TokenGeneration_ClientCredentials). Cognito invokes only
   * a V3_0 function for machine-to-machine tokens (developer guide, "Pre token generation Lambda trigger"); the
   * caller re-asserts the protected claims.
   */
  preTokenGenerationClientCredentials(
    ctx: TriggerContext & { client: Client; accessClaims: Record<string, unknown>; scopes: string[] },
  ): Promise<{ accessClaims: Record<string, unknown>; scopes: string[] }>;
  /** Returns replacement subject/body (e-mail) and text (SMS), or undefined to keep the pool's templates. */
  customMessage(
    ctx: TriggerContext & {
      source: CustomMessageSource;
      user: UserRow;
      codeParameter: string;
      usernameParameter: string;
    },
  ): Promise<CustomMessage | undefined>;
  /**
   * Hands a code (or, for AdminCreateUser, the temporary password) to the pool's custom sender for `channel`,
   * encrypted under the pool's KMSKeyID, instead of the server delivering it. The trigger source is `source`
   * with the sender's prefix (CustomMessage_SignUp → CustomEmailSender_SignUp). False: the pool has none.
   */
  customSender(
    ctx: TriggerContext & { channel: SenderChannel; source: CustomMessageSource; user: UserRow; code: string },
  ): Promise<boolean>;
  /** Returns a user to create on first sign-in, or undefined when the user is unknown there too. */
  userMigration(
    ctx: TriggerContext & {
      source: "UserMigration_Authentication" | "UserMigration_ForgotPassword";
      username: string;
      password?: string;
      validationData?: Attributes;
    },
  ): Promise<MigratedUser | undefined>;
  /** Releases what the runtime holds (loaded in-process handlers' database pools); called on shutdown. */
  close?(): Promise<void>;
}

/** No triggers configured: Cognito's behaviour for a pool with an empty LambdaConfig. */
export const noTriggers: Triggers = {
  preSignUp: async () => ({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false }),
  postConfirmation: async () => {},
  preAuthentication: async () => {},
  postAuthentication: async () => {},
  preTokenGeneration: async (ctx) => ({ ...ctx.claims, scopes: ctx.scopes }),
  preTokenGenerationClientCredentials: async (ctx) => ({ accessClaims: ctx.accessClaims, scopes: ctx.scopes }),
  customMessage: async () => undefined,
  customSender: async () => false,
  userMigration: async () => undefined,
};
