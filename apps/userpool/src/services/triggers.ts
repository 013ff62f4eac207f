/**
 * The Lambda trigger seam. Every place Cognito invokes a trigger calls one of these methods. The
 * implementation is the trigger runtime (src/triggers/runtime.ts), which runs the pool's LambdaConfig;
 * `noTriggers` is what a pool without triggers gets. Names and sources follow Cognito's
 * `triggerSource` values; a failing trigger throws Cognito's UserLambdaValidationException, which
 * callers let propagate.
 */
import { InvalidParameterException } from "../errors/cognitoErrors.js";
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
  | "TokenGeneration_AuthenticateDevice"
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

/** One entry of the custom flow's `request.session`: a challenge presented and how it went. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata: string | null;
}

/**
 * What the three auth-challenge triggers are told (developer guide, "Custom authentication challenge
 * Lambda triggers"): the user (absent with `userNotFound`, PreventUserExistenceErrors) and, for Define
 * and Create, the challenges so far.
 */
export interface AuthChallengeContext extends TriggerContext {
  /** The user's username, or the name typed for a user that does not exist. */
  username: string;
  user?: UserRow;
  userNotFound: boolean;
  session: readonly ChallengeResult[];
}

/**
 * PreAuthentication's context: the user signing in, or, on a client with PreventUserExistenceErrors
 * ENABLED, a name no user has, as typed (`userNotFound: true`; developer guide, "Pre authentication
 * Lambda trigger").
 */
export type PreAuthenticationContext = TriggerContext & { validationData?: Attributes } & (
    | { user: UserRow }
    | { user?: undefined; username: string }
  );

export interface DefineAuthChallengeResult {
  challengeName?: string;
  issueTokens: boolean;
  failAuthentication: boolean;
}

export interface CreatedAuthChallenge {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string | null;
}

/** Cognito's answer to CUSTOM_AUTH in a pool without DefineAuthChallenge. */
export const CUSTOM_AUTH_NOT_CONFIGURED = "Custom auth lambda trigger is not configured for the user pool.";

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
  preAuthentication(ctx: PreAuthenticationContext): Promise<void>;
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
      /** An invitation to a user without a password: there is no code for the message to carry. */
      withoutCode?: boolean;
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
  /** CUSTOM_AUTH: the next step of the challenge sequence. */
  defineAuthChallenge(ctx: AuthChallengeContext): Promise<DefineAuthChallengeResult>;
  /** CUSTOM_AUTH: the contents of the challenge Define asked for. */
  createAuthChallenge(ctx: AuthChallengeContext & { challengeName: string }): Promise<CreatedAuthChallenge>;
  /** CUSTOM_AUTH: whether the answer is right. */
  verifyAuthChallengeResponse(
    ctx: Omit<AuthChallengeContext, "session"> & {
      privateChallengeParameters: Record<string, string>;
      challengeAnswer: string;
    },
  ): Promise<boolean>;
  /**
   * Loads the pool's functions ahead of their first invocation (server start, a LambdaConfig stored).
   * Never rejects and never runs a function; callers need not wait.
   */
  warm?(pool: Pool): Promise<void>;
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
  defineAuthChallenge: async () => {
    throw new InvalidParameterException(CUSTOM_AUTH_NOT_CONFIGURED);
  },
  createAuthChallenge: async () => {
    throw new InvalidParameterException(CUSTOM_AUTH_NOT_CONFIGURED);
  },
  verifyAuthChallengeResponse: async () => {
    throw new InvalidParameterException(CUSTOM_AUTH_NOT_CONFIGURED);
  },
};
