/** Test helpers: a fake AuthClient at the component boundary and a render() with every provider. */
import { render } from "@testing-library/react";
import { StrictMode, type ReactElement } from "react";
import { vi, type Mock } from "vitest";
import type { ApiClient } from "../api/apiClient";
import type { AuthClient, AuthEvent, CurrentUser } from "../auth/authClient";
import { ServicesProvider } from "../app/services";
import type { AppConfig } from "../config/config";
import { Router } from "@authhub/ui";
import { SessionProvider } from "../session/SessionProvider";

export type FakeAuth = { [K in keyof AuthClient]: Mock<AuthClient[K]> } & {
  /** Delivers an event to whoever subscribed through onAuthEvent, like the Hub would. */
  emit(event: AuthEvent): void;
};

/** Every method fails loudly unless the test says what it returns: an unexpected call is a bug. */
export function fakeAuth(): FakeAuth {
  const listeners = new Set<(event: AuthEvent) => void>();
  const unexpected = (name: string) => () =>
    Promise.reject(new Error(`auth.${name} was called but the test did not fake it`));
  const fake = {
    signUp: vi.fn(unexpected("signUp")),
    signUpWithoutPassword: vi.fn(unexpected("signUpWithoutPassword")),
    confirmSignUp: vi.fn(unexpected("confirmSignUp")),
    autoSignIn: vi.fn(unexpected("autoSignIn")),
    resendSignUpCode: vi.fn(unexpected("resendSignUpCode")),
    signIn: vi.fn(unexpected("signIn")),
    signInWithEmailCode: vi.fn(unexpected("signInWithEmailCode")),
    signInWithPasskey: vi.fn(unexpected("signInWithPasskey")),
    selectFirstFactor: vi.fn(unexpected("selectFirstFactor")),
    confirmSignInPassword: vi.fn(unexpected("confirmSignInPassword")),
    confirmNewPassword: vi.fn(unexpected("confirmNewPassword")),
    confirmSignInCode: vi.fn(unexpected("confirmSignInCode")),
    selectMfaType: vi.fn(unexpected("selectMfaType")),
    setUpEmailMfa: vi.fn(unexpected("setUpEmailMfa")),
    rememberDevice: vi.fn(unexpected("rememberDevice")),
    setUpTotp: vi.fn(unexpected("setUpTotp")),
    verifyTotpSetup: vi.fn(unexpected("verifyTotpSetup")),
    fetchMfaPreference: vi.fn(unexpected("fetchMfaPreference")),
    updateMfaPreference: vi.fn(unexpected("updateMfaPreference")),
    registerPasskey: vi.fn(unexpected("registerPasskey")),
    listPasskeys: vi.fn(unexpected("listPasskeys")),
    deletePasskey: vi.fn(unexpected("deletePasskey")),
    fetchDevices: vi.fn(unexpected("fetchDevices")),
    forgetDevice: vi.fn(unexpected("forgetDevice")),
    fetchPhoneNumber: vi.fn(unexpected("fetchPhoneNumber")),
    updatePhoneNumber: vi.fn(unexpected("updatePhoneNumber")),
    sendPhoneVerificationCode: vi.fn(unexpected("sendPhoneVerificationCode")),
    confirmPhoneNumber: vi.fn(unexpected("confirmPhoneNumber")),
    fetchProfile: vi.fn(unexpected("fetchProfile")),
    updateProfile: vi.fn(unexpected("updateProfile")),
    updateEmail: vi.fn(unexpected("updateEmail")),
    confirmEmail: vi.fn(unexpected("confirmEmail")),
    deleteUser: vi.fn(unexpected("deleteUser")),
    resetPassword: vi.fn(unexpected("resetPassword")),
    confirmResetPassword: vi.fn(unexpected("confirmResetPassword")),
    updatePassword: vi.fn(unexpected("updatePassword")),
    signInWithProvider: vi.fn(unexpected("signInWithProvider")),
    signOut: vi.fn(unexpected("signOut")),
    loadSession: vi.fn(async () => ({ status: "signedOut" as const, ended: false })),
    getToken: vi.fn(unexpected("getToken")),
    onAuthEvent: vi.fn((listener: (event: AuthEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    emit: (event: AuthEvent) => {
      for (const listener of [...listeners]) listener(event);
    },
  };
  return fake as unknown as FakeAuth;
}

/**
 * A fake signed in as `user`. The account page's security sections (ADR 0051) read the MFA preference, the phone
 * number, the devices and the passkeys as they open: here they answer "nothing set up", so a test about another
 * section sees no error from them. A test about them fakes its own answers over these.
 */
export function signedInAuth(user: CurrentUser): FakeAuth {
  const auth = fakeAuth();
  auth.loadSession.mockResolvedValue({ status: "signedIn", user });
  auth.fetchMfaPreference.mockResolvedValue({});
  auth.fetchPhoneNumber.mockResolvedValue({ value: undefined, verified: false });
  auth.fetchDevices.mockResolvedValue([]);
  auth.listPasskeys.mockResolvedValue([]);
  return auth;
}

export function fakeApi(): { get: Mock<ApiClient["get"]> } {
  return { get: vi.fn(() => Promise.reject(new Error("api.get was called but the test did not fake it"))) };
}

export const testConfig: AppConfig = {
  userPoolId: "us-east-1_AuthHub01",
  userPoolClientId: "authhubwebclientlocaldev01",
  region: "us-east-1",
  userPoolEndpoint: "http://localhost:9229",
  oauth: {
    domain: "localhost:9443",
    scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
    redirectSignIn: ["http://localhost:3000/"],
    redirectSignOut: ["http://localhost:3000/"],
  },
  identityProviders: ["Google"],
  apiUrl: "http://localhost:5000",
  apiToken: "id",
  tokenStorage: "localStorage",
  signInFactors: ["PASSWORD"],
  emailVerification: "code",
  passwordPolicy: {
    minimumLength: 8,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: true,
  },
};

/** The committed development pool verifies new addresses by link (CONFIRM_WITH_LINK). */
export const linkConfig: AppConfig = { ...testConfig, emailVerification: "link" };

/** The development stack's pool: password, e-mailed code and passkey first factors. */
export const passwordlessConfig: AppConfig = { ...testConfig, signInFactors: ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"] };

export const alice: CurrentUser = {
  username: "7d1c2f0a-1111-2222-3333-444455556666",
  userId: "7d1c2f0a-1111-2222-3333-444455556666",
  email: "alice@example.com",
  emailVerified: true,
  provider: undefined,
  dbUserId: "5",
};

/** A Cognito-shaped error, as Amplify rethrows service errors (name = AWS exception name). */
export function cognitoError(name: string, message = `${name} from the pool`): Error {
  return Object.assign(new Error(message), { name });
}

export function renderApp(
  ui: ReactElement,
  options: {
    auth?: FakeAuth;
    api?: ReturnType<typeof fakeApi>;
    config?: AppConfig;
    path?: string;
    strict?: boolean;
  } = {},
) {
  const auth = options.auth ?? fakeAuth();
  const api = options.api ?? fakeApi();
  const config = options.config ?? testConfig;
  window.history.replaceState(null, "", options.path ?? "/");
  const tree = (
    <ServicesProvider services={{ auth, api, config }}>
      <Router>
        <SessionProvider auth={auth}>{ui}</SessionProvider>
      </Router>
    </ServicesProvider>
  );
  // StrictMode at the root, as main.tsx does: React only double-runs effects for a root-level StrictMode.
  const view = render(options.strict ? <StrictMode>{tree}</StrictMode> : tree);
  return { ...view, auth, api };
}

/** A promise the test settles by hand, to look at the page while an action is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
