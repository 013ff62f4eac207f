/**
 * The Lambda trigger seam. Every place Cognito invokes a trigger calls one of these methods; this
 * issue ships the no-op implementation, and the trigger runtime (issue 4) replaces it without
 * touching the callers. Names and sources follow Cognito's `triggerSource` values.
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

export type TokenGenerationSource = "TokenGeneration_Authentication" | "TokenGeneration_RefreshTokens" | "TokenGeneration_NewPasswordChallenge" | "TokenGeneration_HostedAuth";

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
  | "CustomMessage_AdminCreateUser";

export interface Triggers {
  preSignUp(ctx: TriggerContext & { source: "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser"; username: string; attributes: Attributes; validationData?: Attributes }): Promise<PreSignUpResult>;
  postConfirmation(ctx: TriggerContext & { source: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword"; user: UserRow }): Promise<void>;
  preAuthentication(ctx: TriggerContext & { user: UserRow; validationData?: Attributes }): Promise<void>;
  postAuthentication(ctx: TriggerContext & { user: UserRow; newDeviceUsed: boolean }): Promise<void>;
  /** May change claims; the caller re-asserts the protected ones (iss, sub, token_use, …). */
  preTokenGeneration(ctx: TriggerContext & { source: TokenGenerationSource; user: UserRow; claims: TokenClaims; scopes: string[] }): Promise<TokenClaims & { scopes: string[] }>;
  /** Returns replacement subject/body, or undefined to keep the pool's template. */
  customMessage(ctx: TriggerContext & { source: CustomMessageSource; user: UserRow; codeParameter: string; usernameParameter: string }): Promise<{ subject?: string; message?: string } | undefined>;
  /** Returns a user to create on first sign-in, or undefined when the user is unknown there too. */
  userMigration(ctx: TriggerContext & { source: "UserMigration_Authentication" | "UserMigration_ForgotPassword"; username: string; password?: string }): Promise<undefined>;
}

/** No triggers configured: Cognito's behaviour for a pool with an empty LambdaConfig. */
export const noTriggers: Triggers = {
  preSignUp: async () => ({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false }),
  postConfirmation: async () => {},
  preAuthentication: async () => {},
  postAuthentication: async () => {},
  preTokenGeneration: async (ctx) => ({ ...ctx.claims, scopes: ctx.scopes }),
  customMessage: async () => undefined,
  userMigration: async () => undefined,
};
