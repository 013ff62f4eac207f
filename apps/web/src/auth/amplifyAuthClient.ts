/**
 * The only file that calls the aws-amplify v6 Auth APIs. Everything else goes through `AuthClient`.
 */
import {
  type FetchDevicesOutput,
  associateWebAuthnCredential,
  autoSignIn,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  deleteUser,
  deleteUserAttributes,
  deleteWebAuthnCredential,
  fetchAuthSession,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  forgetDevice,
  getCurrentUser,
  listWebAuthnCredentials,
  rememberDevice,
  resendSignUpCode,
  resetPassword,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  signIn,
  signInWithRedirect,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  updateUserAttribute,
  updateUserAttributes,
  verifyTOTPSetup,
} from "aws-amplify/auth";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
// Completes a hosted-UI redirect (exchanges ?code= for tokens) as soon as Amplify is configured.
// signInWithRedirect pulls it in too, but the page that *returns* from Google must have it for sure.
import "aws-amplify/auth/enable-oauth-listener";
import { Hub } from "aws-amplify/utils";
import type {
  AuthClient,
  AuthEvent,
  CodeDelivery,
  CurrentUser,
  Passkey,
  RememberedDevice,
  SessionSnapshot,
} from "./authClient";
import { errorName } from "./errorMessages";
import { parseIdentities } from "./identities";

const SIMPLE_EVENTS = new Set(["signedIn", "signedOut", "tokenRefresh", "signInWithRedirect"]);
const FAILURE_EVENTS = new Set(["tokenRefresh_failure", "signInWithRedirect_failure"]);

/** Maps a Hub `auth` payload to our event type; other events (e.g. customOAuthState) are ignored. */
export function toAuthEvent(payload: { event: string; data?: unknown }): AuthEvent | undefined {
  if (SIMPLE_EVENTS.has(payload.event)) return { type: payload.event } as AuthEvent;
  if (FAILURE_EVENTS.has(payload.event)) {
    const error = (payload.data as { error?: unknown } | undefined)?.error;
    return { type: payload.event, error } as AuthEvent;
  }
  return undefined;
}

/** ListDevices entries as the settings page shows them; `currentKey` is this browser's device key. */
export function toRememberedDevices(devices: FetchDevicesOutput, currentKey: string | undefined): RememberedDevice[] {
  return devices.map((device) => ({
    id: device.id,
    name: device.name,
    status: device.attributes.device_status,
    lastIp: device.attributes.last_ip_used,
    createDate: device.createDate,
    lastAuthenticatedDate: device.lastAuthenticatedDate,
    current: currentKey !== undefined && device.id === currentKey,
  }));
}

function toCodeDelivery(details: { destination?: string; deliveryMedium?: string } | undefined): CodeDelivery {
  return { destination: details?.destination, deliveryMedium: details?.deliveryMedium };
}

const AMPLIFY_PROVIDERS: Record<string, "Google" | "Facebook" | "Apple" | "Amazon"> = {
  Google: "Google",
  Facebook: "Facebook",
  SignInWithApple: "Apple",
  LoginWithAmazon: "Amazon",
};

export const amplifyAuthClient: AuthClient = {
  signUp: ({ email, password }) =>
    // The pool signs in with email (UsernameAttributes: email), so the email is the username. autoSignIn: after
    // a confirmation by code Amplify signs in with the same password (SRP); a link confirms in another tab.
    signUp({ username: email, password, options: { userAttributes: { email }, autoSignIn: true } }),

  // No password: Cognito creates a passwordless user when the sign-in policy allows a passwordless factor, and
  // ConfirmSignUp returns a Session that USER_AUTH turns into tokens (Amplify's autoSignIn).
  signUpWithoutPassword: ({ email }) =>
    signUp({ username: email, options: { userAttributes: { email }, autoSignIn: { authFlowType: "USER_AUTH" } } }),

  confirmSignUp: ({ email, code }) => confirmSignUp({ username: email, confirmationCode: code }),

  autoSignIn: () => autoSignIn(),

  resendSignUpCode: ({ email }) => resendSignUpCode({ username: email }),

  signIn: ({ email, password }) => signIn({ username: email, password }),

  signInWithEmailCode: ({ email }) =>
    signIn({ username: email, options: { authFlowType: "USER_AUTH", preferredChallenge: "EMAIL_OTP" } }),

  signInWithPasskey: ({ email }) =>
    signIn({ username: email, options: { authFlowType: "USER_AUTH", preferredChallenge: "WEB_AUTHN" } }),

  // Amplify sends the choice as SELECT_CHALLENGE's ANSWER; for WEB_AUTHN it then asks the browser itself.
  selectFirstFactor: ({ factor }) => confirmSignIn({ challengeResponse: factor }),

  confirmSignInPassword: ({ password }) => confirmSignIn({ challengeResponse: password }),

  confirmNewPassword: ({ newPassword }) => confirmSignIn({ challengeResponse: newPassword }),

  // Amplify tells the steps apart by its own sign-in state; the answer is always `challengeResponse`.
  // Under MFA_SETUP a numeric answer goes to VerifySoftwareToken (with the friendly name), then MFA_SETUP.
  confirmSignInCode: ({ code, friendlyDeviceName }) =>
    confirmSignIn({
      challengeResponse: code,
      ...(friendlyDeviceName ? { options: { friendlyDeviceName } } : {}),
    }),

  selectMfaType: ({ type }) => confirmSignIn({ challengeResponse: type }),

  setUpEmailMfa: ({ email }) => confirmSignIn({ challengeResponse: email }),

  rememberDevice: () => rememberDevice(),

  setUpTotp: () => setUpTOTP(),

  verifyTotpSetup: ({ code, friendlyDeviceName }) =>
    verifyTOTPSetup({ code, ...(friendlyDeviceName ? { options: { friendlyDeviceName } } : {}) }),

  fetchMfaPreference: () => fetchMFAPreference(),

  updateMfaPreference: (input) => updateMFAPreference(input),

  registerPasskey: () => associateWebAuthnCredential(),

  async listPasskeys() {
    const passkeys: Passkey[] = [];
    let nextToken: string | undefined;
    do {
      const page = await listWebAuthnCredentials(nextToken ? { nextToken } : undefined);
      for (const credential of page.credentials) {
        if (!credential.credentialId) continue;
        passkeys.push({
          id: credential.credentialId,
          name: credential.friendlyCredentialName,
          relyingPartyId: credential.relyingPartyId,
          createdAt: credential.createdAt,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return passkeys;
  },

  deletePasskey: ({ id }) => deleteWebAuthnCredential({ credentialId: id }),

  async fetchDevices() {
    const devices = await fetchDevices();
    // Amplify keeps the device key it confirmed at sign-in next to the tokens; it marks "this device".
    const metadata = await cognitoUserPoolsTokenProvider.tokenOrchestrator.getDeviceMetadata();
    return toRememberedDevices(devices, metadata?.deviceKey);
  },

  forgetDevice: ({ id }) => forgetDevice({ device: { id } }),

  async fetchPhoneNumber() {
    const attributes = await fetchUserAttributes();
    return { value: attributes.phone_number, verified: attributes.phone_number_verified === "true" };
  },

  async updatePhoneNumber({ phoneNumber }) {
    const { nextStep } = await updateUserAttribute({
      userAttribute: { attributeKey: "phone_number", value: phoneNumber },
    });
    return nextStep.updateAttributeStep === "CONFIRM_ATTRIBUTE_WITH_CODE"
      ? toCodeDelivery(nextStep.codeDeliveryDetails)
      : null;
  },

  async sendPhoneVerificationCode() {
    return toCodeDelivery(await sendUserAttributeVerificationCode({ userAttributeKey: "phone_number" }));
  },

  confirmPhoneNumber: ({ code }) => confirmUserAttribute({ userAttributeKey: "phone_number", confirmationCode: code }),

  fetchProfile: () => fetchUserAttributes(),

  async updateProfile({ set, remove }) {
    if (Object.keys(set).length > 0) await updateUserAttributes({ userAttributes: set });
    if (remove.length > 0) await deleteUserAttributes({ userAttributeKeys: remove as [string, ...string[]] });
  },

  async updateEmail({ email }) {
    const { nextStep } = await updateUserAttribute({ userAttribute: { attributeKey: "email", value: email } });
    return nextStep.updateAttributeStep === "CONFIRM_ATTRIBUTE_WITH_CODE"
      ? toCodeDelivery(nextStep.codeDeliveryDetails)
      : null;
  },

  confirmEmail: ({ code }) => confirmUserAttribute({ userAttributeKey: "email", confirmationCode: code }),

  deleteUser: () => deleteUser(),

  resetPassword: ({ email }) => resetPassword({ username: email }),

  confirmResetPassword: ({ email, code, newPassword }) =>
    confirmResetPassword({ username: email, confirmationCode: code, newPassword }),

  updatePassword: ({ oldPassword, newPassword }) => updatePassword({ oldPassword, newPassword }),

  // Amplify names the social providers itself and sends Cognito's names (Apple → SignInWithApple, Amazon →
  // LoginWithAmazon); any other provider goes by its own name as a custom provider.
  signInWithProvider: (provider) =>
    signInWithRedirect({ provider: AMPLIFY_PROVIDERS[provider] ?? { custom: provider } }),

  signOut: ({ global }) => signOut({ global }),

  async loadSession(): Promise<SessionSnapshot> {
    // fetchAuthSession first: it refreshes expired tokens (or clears them when the refresh token is dead).
    const session = await fetchAuthSession();
    let basics: { username: string; userId: string };
    try {
      basics = await getCurrentUser();
    } catch (error) {
      if (errorName(error) === "UserUnAuthenticatedException") return { status: "signedOut", ended: false };
      throw error;
    }
    let attributes: Record<string, string | undefined>;
    try {
      // GetUser is a round trip to the pool, so a globally signed-out (revoked) access token is caught here
      // instead of the app trusting tokens that merely look valid locally.
      attributes = await fetchUserAttributes();
    } catch (error) {
      if (errorName(error) === "NotAuthorizedException") {
        await signOut().catch(() => undefined);
        return { status: "signedOut", ended: true };
      }
      throw error;
    }
    const claims = session.tokens?.idToken?.payload ?? {};
    const identities = parseIdentities(attributes.identities ?? claims.identities);
    const emailVerified = attributes.email_verified ?? claims.email_verified;
    const dbUserId = claims.db_user_id;
    const user: CurrentUser = {
      username: basics.username,
      userId: basics.userId,
      email: attributes.email ?? (typeof claims.email === "string" ? claims.email : undefined),
      emailVerified:
        emailVerified === undefined || emailVerified === null ? undefined : String(emailVerified) === "true",
      provider: identities[0]?.providerName,
      dbUserId: typeof dbUserId === "string" || typeof dbUserId === "number" ? String(dbUserId) : undefined,
    };
    return { status: "signedIn", user };
  },

  async getToken(kind, options = {}) {
    const { tokens } = await fetchAuthSession({ forceRefresh: options.forceRefresh ?? false });
    const token = kind === "id" ? tokens?.idToken : tokens?.accessToken;
    return token ? token.toString() : null;
  },

  onAuthEvent(listener) {
    return Hub.listen(
      "auth",
      ({ payload }) => {
        const event = toAuthEvent(payload as { event: string; data?: unknown });
        if (event) listener(event);
      },
      // Also hear sign-in/sign-out that Amplify relays from other tabs sharing the token storage.
      { listenerName: "authhub-session", enableCrossTabEvents: true },
    );
  },
};
