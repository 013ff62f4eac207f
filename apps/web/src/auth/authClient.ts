/**
 * The boundary between the UI and aws-amplify: components only ever talk to an `AuthClient`.
 * `amplifyAuthClient.ts` implements it with the v6 APIs; tests hand components a fake.
 */
import type {
  ConfirmSignInOutput,
  ConfirmSignUpOutput,
  ResendSignUpCodeOutput,
  ResetPasswordOutput,
  SignInOutput,
  SignUpOutput,
} from "aws-amplify/auth";
import type { ApiTokenKind } from "../config/config";

export type {
  ConfirmSignInOutput,
  ConfirmSignUpOutput,
  ResendSignUpCodeOutput,
  ResetPasswordOutput,
  SignInOutput,
  SignUpOutput,
};

export interface CurrentUser {
  username: string;
  userId: string;
  email: string | undefined;
  /** undefined when the pool did not say (e.g. a federated user without a mapped email_verified). */
  emailVerified: boolean | undefined;
  /** Federated provider name from `identities` (e.g. "Google"); undefined for user-pool (email and password) users. */
  provider: string | undefined;
  /** The app database row ID the user-sync trigger put in the ID token, if present. */
  dbUserId: string | undefined;
}

export type SessionSnapshot =
  | { status: "signedIn"; user: CurrentUser }
  /** `ended`: tokens were present but the pool rejected them (e.g. "sign out of all devices" elsewhere). */
  | { status: "signedOut"; ended: boolean };

/** The Hub `auth` channel events the app reacts to, with their Amplify names. */
export type AuthEvent =
  | { type: "signedIn" }
  | { type: "signedOut" }
  | { type: "tokenRefresh" }
  | { type: "tokenRefresh_failure"; error: unknown }
  | { type: "signInWithRedirect" }
  | { type: "signInWithRedirect_failure"; error: unknown };

export interface AuthClient {
  signUp(input: { email: string; password: string }): Promise<SignUpOutput>;
  confirmSignUp(input: { email: string; code: string }): Promise<ConfirmSignUpOutput>;
  resendSignUpCode(input: { email: string }): Promise<ResendSignUpCodeOutput>;
  /** SRP (USER_SRP_AUTH), Amplify's default: the password never leaves the browser. */
  signIn(input: { email: string; password: string }): Promise<SignInOutput>;
  /** Answers CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED. */
  confirmNewPassword(input: { newPassword: string }): Promise<ConfirmSignInOutput>;
  resetPassword(input: { email: string }): Promise<ResetPasswordOutput>;
  confirmResetPassword(input: { email: string; code: string; newPassword: string }): Promise<void>;
  updatePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  /** Leaves the page for the hosted UI; resolves only if the redirect could not start. */
  signInWithGoogle(): Promise<void>;
  signOut(input: { global: boolean }): Promise<void>;
  /** Who is signed in, checked against the pool so a revoked session shows as signed out. */
  loadSession(): Promise<SessionSnapshot>;
  /** A fresh JWT for the API (refreshed by Amplify when expired), or null when signed out. */
  getToken(kind: ApiTokenKind, options?: { forceRefresh?: boolean }): Promise<string | null>;
  /** Subscribes to the Hub `auth` channel; returns the unsubscribe function. */
  onAuthEvent(listener: (event: AuthEvent) => void): () => void;
}
