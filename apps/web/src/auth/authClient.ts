/**
 * The boundary between the UI and aws-amplify: components only ever talk to an `AuthClient`.
 * `amplifyAuthClient.ts` implements it with the v6 APIs; tests hand components a fake.
 */
import type {
  ConfirmSignInOutput,
  ConfirmSignUpOutput,
  FetchMFAPreferenceOutput,
  ResendSignUpCodeOutput,
  ResetPasswordOutput,
  SignInOutput,
  SignUpOutput,
  UpdateMFAPreferenceInput,
} from "aws-amplify/auth";
import type { ApiTokenKind } from "../config/config";

export type {
  ConfirmSignInOutput,
  ConfirmSignUpOutput,
  FetchMFAPreferenceOutput,
  ResendSignUpCodeOutput,
  ResetPasswordOutput,
  SignInOutput,
  SignUpOutput,
  UpdateMFAPreferenceInput,
};

/** Amplify's names for the factors: TOTP (authenticator app), EMAIL (EMAIL_OTP), SMS (SMS_MFA). */
export type MfaType = NonNullable<FetchMFAPreferenceOutput["preferred"]>;
/** ENABLED, DISABLED, PREFERRED or NOT_PREFERRED (Amplify's SetUserMFAPreference vocabulary). */
export type MfaPreference = NonNullable<UpdateMFAPreferenceInput["totp"]>;

/** An authenticator-app secret being set up (AssociateSoftwareToken), before a code confirms it. */
export interface TotpSetup {
  /** The base32 secret, to type into an app that cannot scan. */
  sharedSecret: string;
  /** The `otpauth://totp/...` URI the QR code carries. */
  getSetupUri(appName: string, accountName?: string): URL;
}

/** A device the pool tracks for the signed-in user (ListDevices). */
export interface RememberedDevice {
  id: string;
  name: string | undefined;
  /** `remembered` or `not_remembered`, as the pool's device_status attribute says. */
  status: string | undefined;
  lastIp: string | undefined;
  createDate: Date | undefined;
  lastAuthenticatedDate: Date | undefined;
  /** This browser's own device key (Amplify keeps it next to the tokens). */
  current: boolean;
}

/** The user's phone number (phone_number, E.164) and whether the pool has it verified (GetUser). */
export interface PhoneNumber {
  value: string | undefined;
  verified: boolean;
}

/** A passkey registered for the user (ListWebAuthnCredentials). */
export interface Passkey {
  id: string;
  /** The authenticator's name for itself, as the browser reported it at registration. */
  name: string | undefined;
  relyingPartyId: string | undefined;
  createdAt: Date | undefined;
}

/** A first factor the user can be offered at CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION. */
export type FirstFactor = "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN";

/** Where the pool sent a verification code (CodeDeliveryDetails): a masked number or address. */
export interface CodeDelivery {
  destination: string | undefined;
  deliveryMedium: string | undefined;
}

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
  /** SignUp without a password (the pool must allow a passwordless first factor); confirming signs in. */
  signUpWithoutPassword(input: { email: string }): Promise<SignUpOutput>;
  confirmSignUp(input: { email: string; code: string }): Promise<ConfirmSignUpOutput>;
  /** After confirmSignUp said COMPLETE_AUTO_SIGN_IN: USER_AUTH with the session ConfirmSignUp returned. */
  autoSignIn(): Promise<SignInOutput>;
  resendSignUpCode(input: { email: string }): Promise<ResendSignUpCodeOutput>;
  /** SRP (USER_SRP_AUTH), Amplify's default: the password never leaves the browser. */
  signIn(input: { email: string; password: string }): Promise<SignInOutput>;
  /** Choice-based sign-in (USER_AUTH) asking for an e-mailed one-time code (EMAIL_OTP). */
  signInWithEmailCode(input: { email: string }): Promise<SignInOutput>;
  /** Choice-based sign-in (USER_AUTH) with a passkey (WEB_AUTHN): Amplify runs navigator.credentials.get. */
  signInWithPasskey(input: { email: string }): Promise<SignInOutput>;
  /** Answers CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION (SELECT_CHALLENGE) with one of availableChallenges. */
  selectFirstFactor(input: { factor: FirstFactor }): Promise<ConfirmSignInOutput>;
  /** Answers CONFIRM_SIGN_IN_WITH_PASSWORD (a USER_AUTH sign-in that chose PASSWORD). */
  confirmSignInPassword(input: { password: string }): Promise<ConfirmSignInOutput>;
  /** Answers CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED. */
  confirmNewPassword(input: { newPassword: string }): Promise<ConfirmSignInOutput>;
  /**
   * Answers an MFA code step: CONFIRM_SIGN_IN_WITH_TOTP_CODE, _EMAIL_CODE, _SMS_CODE, and the code that
   * finishes CONTINUE_SIGN_IN_WITH_TOTP_SETUP (`friendlyDeviceName` names the authenticator there).
   */
  confirmSignInCode(input: { code: string; friendlyDeviceName?: string }): Promise<ConfirmSignInOutput>;
  /** Answers CONTINUE_SIGN_IN_WITH_MFA_SELECTION and CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION. */
  selectMfaType(input: { type: MfaType }): Promise<ConfirmSignInOutput>;
  /** Answers CONTINUE_SIGN_IN_WITH_EMAIL_SETUP with the address that receives the codes. */
  setUpEmailMfa(input: { email: string }): Promise<ConfirmSignInOutput>;
  /** Marks this browser's device as remembered (UpdateDeviceStatus), after a completed sign-in. */
  rememberDevice(): Promise<void>;
  /** Starts an authenticator-app setup for the signed-in user (AssociateSoftwareToken). */
  setUpTotp(): Promise<TotpSetup>;
  /** Confirms it with a code from the app (VerifySoftwareToken). */
  verifyTotpSetup(input: { code: string; friendlyDeviceName?: string }): Promise<void>;
  /** Which factors are on and which is preferred (GetUser). */
  fetchMfaPreference(): Promise<FetchMFAPreferenceOutput>;
  /** SetUserMFAPreference; a factor left out is left as it is. */
  updateMfaPreference(input: UpdateMFAPreferenceInput): Promise<void>;
  /** Registers a passkey for the signed-in user (StartWebAuthnRegistration, the browser, Complete…). */
  registerPasskey(): Promise<void>;
  /** Every passkey of the signed-in user (ListWebAuthnCredentials, all pages). */
  listPasskeys(): Promise<Passkey[]>;
  /** DeleteWebAuthnCredential. */
  deletePasskey(input: { id: string }): Promise<void>;
  /** The devices the pool tracks for this user (ListDevices). */
  fetchDevices(): Promise<RememberedDevice[]>;
  /** ForgetDevice; forgetting this browser's own device also drops its local device keys. */
  forgetDevice(input: { id: string }): Promise<void>;
  /** The phone number SMS codes go to, and whether it is verified (GetUser). */
  fetchPhoneNumber(): Promise<PhoneNumber>;
  /**
   * UpdateUserAttributes with phone_number. Returns where the verification code went when the pool sent one
   * (it auto-verifies phone numbers), else null: the number is saved unverified.
   */
  updatePhoneNumber(input: { phoneNumber: string }): Promise<CodeDelivery | null>;
  /** GetUserAttributeVerificationCode for phone_number: a new code by text message. */
  sendPhoneVerificationCode(): Promise<CodeDelivery>;
  /** VerifyUserAttribute for phone_number with the texted code. */
  confirmPhoneNumber(input: { code: string }): Promise<void>;
  /** The user's attributes as the pool returns them to this client (GetUser, ReadAttributes apply). */
  fetchProfile(): Promise<Record<string, string | undefined>>;
  /**
   * UpdateUserAttributes for the values in `set`, then DeleteUserAttributes for `remove` (Cognito refuses an
   * empty value; clearing a field deletes the attribute).
   */
  updateProfile(input: { set: Record<string, string>; remove: string[] }): Promise<void>;
  /**
   * UpdateUserAttributes with a new email. Returns where the code went (the new address), or null when the pool
   * sent none. With AttributesRequireVerificationBeforeUpdate the old address stays in force until the code.
   */
  updateEmail(input: { email: string }): Promise<CodeDelivery | null>;
  /** VerifyUserAttribute for email with the code sent to the new address. */
  confirmEmail(input: { code: string }): Promise<void>;
  /** DeleteUser: the account is gone and Amplify drops this browser's tokens. */
  deleteUser(): Promise<void>;
  resetPassword(input: { email: string }): Promise<ResetPasswordOutput>;
  confirmResetPassword(input: { email: string; code: string; newPassword: string }): Promise<void>;
  updatePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  /**
   * Leaves the page for the hosted UI with identity_provider=`provider` (Google, Facebook, SignInWithApple,
   * LoginWithAmazon or a SAML/OIDC provider's name); resolves only if the redirect could not start.
   */
  signInWithProvider(provider: string): Promise<void>;
  signOut(input: { global: boolean }): Promise<void>;
  /** Who is signed in, checked against the pool so a revoked session shows as signed out. */
  loadSession(): Promise<SessionSnapshot>;
  /** A fresh JWT for the API (refreshed by Amplify when expired), or null when signed out. */
  getToken(kind: ApiTokenKind, options?: { forceRefresh?: boolean }): Promise<string | null>;
  /** Subscribes to the Hub `auth` channel; returns the unsubscribe function. */
  onAuthEvent(listener: (event: AuthEvent) => void): () => void;
}
