// Passwordless with a fake AuthClient: "Email me a code" and "Sign in with a passkey" on /login, the factor
// choice the pool may ask for, passkeys on the account page, and registering without a password.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { Passkey } from "../auth/authClient";
import { alice, cognitoError, deferred, fakeAuth, passwordlessConfig, renderApp } from "../test/fakes";

const config = passwordlessConfig;

async function typeEmail() {
  const user = userEvent.setup();
  await screen.findByRole("heading", { name: "Sign in" });
  await user.type(screen.getByLabelText("Email"), "alice@example.com");
  return user;
}

describe("sign-in page without a password", () => {
  it("offers the buttons only when the pool allows the factors", async () => {
    renderApp(<App />, { path: "/login" });
    await screen.findByRole("heading", { name: "Sign in" });
    expect(screen.queryByRole("button", { name: "Email me a code" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign in with a passkey" })).not.toBeInTheDocument();
  });

  it("Email me a code: USER_AUTH with EMAIL_OTP, then the emailed code signs in", async () => {
    const auth = fakeAuth();
    auth.signInWithEmailCode.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", codeDeliveryDetails: { destination: "a***@e***" } },
    });
    auth.confirmSignInCode.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    renderApp(<App />, { auth, config, path: "/login" });
    const user = await typeEmail();
    const group = screen.getByRole("group", { name: "Or sign in without your password" });
    await user.click(within(group).getByRole("button", { name: "Email me a code" }));
    expect(auth.signInWithEmailCode).toHaveBeenCalledWith({ email: "alice@example.com" });
    expect(await screen.findByRole("heading", { name: "Enter the emailed code" })).toBeInTheDocument();
    expect(screen.getByText("We sent a 6-digit code to a***@e***.")).toHaveAttribute("role", "status");
    const code = screen.getByLabelText("Verification code");
    expect(code).toHaveFocus();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(code, "123456");
    await user.click(screen.getByRole("button", { name: "Confirm code" }));
    expect(auth.confirmSignInCode).toHaveBeenCalledWith({ code: "123456" });
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
  });

  it("asks for the email first, moving focus to it, without calling the pool", async () => {
    const auth = fakeAuth();
    renderApp(<App />, { auth, config, path: "/login" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Sign in with a passkey" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter your email first.");
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(auth.signInWithPasskey).not.toHaveBeenCalled();
  });

  it("Sign in with a passkey: waits for the authenticator, then goes home signed in", async () => {
    const auth = fakeAuth();
    const pending = deferred<Awaited<ReturnType<typeof auth.signInWithPasskey>>>();
    auth.signInWithPasskey.mockReturnValue(pending.promise);
    renderApp(<App />, { auth, config, path: "/login" });
    const user = await typeEmail();
    await user.click(screen.getByRole("button", { name: "Sign in with a passkey" }));
    expect(auth.signInWithPasskey).toHaveBeenCalledWith({ email: "alice@example.com" });
    expect(screen.getByRole("button", { name: "Waiting for your passkey…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    pending.resolve({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
  });

  it("a cancelled passkey prompt is explained and the page stays", async () => {
    const auth = fakeAuth();
    auth.signInWithPasskey.mockRejectedValue(cognitoError("PasskeyAuthenticationCanceled", "cancelled"));
    renderApp(<App />, { auth, config, path: "/login" });
    const user = await typeEmail();
    await user.click(screen.getByRole("button", { name: "Sign in with a passkey" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The passkey sign-in did not finish: it was cancelled, or this device has no");
    expect(alert).toHaveAttribute("data-error-name", "PasskeyAuthenticationCanceled");
    expect(window.location.pathname).toBe("/login");
  });

  it("a refused passwordless sign-in does not talk about a password", async () => {
    const auth = fakeAuth();
    auth.signInWithEmailCode.mockRejectedValue(cognitoError("NotAuthorizedException", "Incorrect username."));
    renderApp(<App />, { auth, config, path: "/login" });
    const user = await typeEmail();
    await user.click(screen.getByRole("button", { name: "Email me a code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That sign-in was not accepted.");
  });

  it("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION: offers the pool's choices and answers with one", async () => {
    const auth = fakeAuth();
    auth.signInWithPasskey.mockResolvedValue({
      isSignedIn: false,
      nextStep: {
        signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
        availableChallenges: ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP"],
      },
    });
    auth.selectFirstFactor.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", codeDeliveryDetails: { destination: "a***@e***" } },
    });
    renderApp(<App />, { auth, config, path: "/login" });
    const user = await typeEmail();
    await user.click(screen.getByRole("button", { name: "Sign in with a passkey" }));
    const group = await screen.findByRole("group", { name: "Sign in with" });
    const options = within(group).getAllByRole("radio");
    expect(options.map((option) => option.getAttribute("value"))).toEqual(["PASSWORD_SRP", "EMAIL_OTP"]);
    expect(options[0]).toHaveFocus();
    await user.click(within(group).getByLabelText("A code by email"));
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(auth.selectFirstFactor).toHaveBeenCalledWith({ factor: "EMAIL_OTP" });
    expect(await screen.findByRole("heading", { name: "Enter the emailed code" })).toBeInTheDocument();
  });

  it("CONFIRM_SIGN_IN_WITH_PASSWORD: takes the password and finishes", async () => {
    const auth = fakeAuth();
    auth.signInWithEmailCode.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD"] },
    });
    auth.selectFirstFactor.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_PASSWORD" },
    });
    auth.confirmSignInPassword.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    renderApp(<App />, { auth, config, path: "/login" });
    const user = await typeEmail();
    await user.click(screen.getByRole("button", { name: "Email me a code" }));
    await user.click(await screen.findByLabelText("Password", { selector: "#first-factor-PASSWORD" }));
    await user.click(screen.getByRole("button", { name: "Continue" }));
    const panel = (await screen.findByRole("heading", { name: "Enter your password" })).parentElement as HTMLElement;
    const field = within(panel).getByLabelText("Password");
    expect(field).toHaveFocus();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(field, "Passw0rd! ");
    await user.click(within(panel).getByRole("button", { name: "Continue" }));
    expect(auth.confirmSignInPassword).toHaveBeenCalledWith({ password: "Passw0rd! " });
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
  });
});

const phoneKey: Passkey = {
  id: "AbCdEfGhIjKlMnOp",
  name: "Chrome on Linux",
  relyingPartyId: "localhost",
  createdAt: new Date("2026-12-01T10:00:00Z"),
};

function signedIn() {
  const auth = fakeAuth();
  auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
  auth.fetchMfaPreference.mockResolvedValue({});
  auth.fetchDevices.mockResolvedValue([]);
  auth.fetchPhoneNumber.mockResolvedValue({ value: undefined, verified: false });
  return auth;
}

describe("passkeys among the account page's security settings", () => {
  it("is absent when the pool does not allow passkeys", async () => {
    renderApp(<App />, { auth: signedIn() });
    await screen.findByRole("region", { name: "Remembered devices" });
    expect(screen.queryByRole("region", { name: "Passkeys" })).not.toBeInTheDocument();
  });

  it("adds a passkey and lists it", async () => {
    const auth = signedIn();
    auth.listPasskeys.mockResolvedValueOnce([]).mockResolvedValueOnce([phoneKey]);
    auth.registerPasskey.mockResolvedValue(undefined);
    renderApp(<App />, { auth, config });
    const region = await screen.findByRole("region", { name: "Passkeys" });
    expect(await within(region).findByText("You have no passkeys yet.")).toBeInTheDocument();
    await userEvent.setup().click(within(region).getByRole("button", { name: "Add a passkey" }));
    expect(auth.registerPasskey).toHaveBeenCalledTimes(1);
    expect(await within(region).findByRole("status")).toHaveTextContent("Passkey added.");
    const row = within(region).getByRole("row", { name: /Chrome on Linux/ });
    expect(row).toHaveTextContent("localhost");
  });

  it("a refused registration is explained", async () => {
    const auth = signedIn();
    auth.listPasskeys.mockResolvedValue([]);
    auth.registerPasskey.mockRejectedValue(cognitoError("PasskeyRegistrationCanceled", "cancelled"));
    renderApp(<App />, { auth, config });
    const region = await screen.findByRole("region", { name: "Passkeys" });
    await userEvent.setup().click(await within(region).findByRole("button", { name: "Add a passkey" }));
    expect(await within(region).findByRole("alert")).toHaveTextContent("Adding the passkey was cancelled.");
  });

  it("deletes a passkey by its ID", async () => {
    const auth = signedIn();
    auth.listPasskeys.mockResolvedValueOnce([phoneKey]).mockResolvedValueOnce([]);
    auth.deletePasskey.mockResolvedValue(undefined);
    renderApp(<App />, { auth, config });
    const region = await screen.findByRole("region", { name: "Passkeys" });
    await userEvent
      .setup()
      .click(await within(region).findByRole("button", { name: "Delete passkey “Chrome on Linux”" }));
    expect(auth.deletePasskey).toHaveBeenCalledWith({ id: "AbCdEfGhIjKlMnOp" });
    expect(await within(region).findByRole("status")).toHaveTextContent("is deleted");
    await waitFor(() => expect(within(region).getByText("You have no passkeys yet.")).toBeInTheDocument());
  });
});

describe("registering without a password", () => {
  it("signs up with no password, and confirming the code signs in (autoSignIn)", async () => {
    const auth = fakeAuth();
    auth.signUpWithoutPassword.mockResolvedValue({
      isSignUpComplete: false,
      nextStep: { signUpStep: "CONFIRM_SIGN_UP", codeDeliveryDetails: { destination: "a***@e***" } },
    });
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "COMPLETE_AUTO_SIGN_IN" } });
    auth.autoSignIn.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    renderApp(<App />, { auth, config, path: "/register" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "alice@example.com");
    const box = screen.getByRole("checkbox", { name: "Sign up without a password" });
    expect(box).toHaveAccessibleDescription(/Sign in with a code we email you/);
    await user.click(box);
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(auth.signUpWithoutPassword).toHaveBeenCalledWith({ email: "alice@example.com" });
    expect(await screen.findByRole("status")).toHaveTextContent("Confirming it signs you in.");
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(screen.getByLabelText("Verification code"), "246810");
    await user.click(screen.getByRole("button", { name: "Verify email" }));
    expect(auth.confirmSignUp).toHaveBeenCalledWith({ email: "alice@example.com", code: "246810" });
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
    expect(auth.autoSignIn).toHaveBeenCalledTimes(1);
  });

  it("a failed automatic sign-in says so and links to sign in", async () => {
    const auth = fakeAuth();
    auth.signUpWithoutPassword.mockResolvedValue({
      isSignUpComplete: false,
      nextStep: { signUpStep: "CONFIRM_SIGN_UP", codeDeliveryDetails: { destination: "a***@e***" } },
    });
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "COMPLETE_AUTO_SIGN_IN" } });
    auth.autoSignIn.mockRejectedValue(cognitoError("NotAuthorizedException", "Invalid session for the user."));
    renderApp(<App />, { auth, config, path: "/register" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "alice@example.com");
    await user.click(screen.getByRole("checkbox", { name: "Sign up without a password" }));
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    await user.type(await screen.findByLabelText("Verification code"), "246810");
    await user.click(screen.getByRole("button", { name: "Verify email" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This sign-in took too long and has expired.");
    const panel = alert.parentElement as HTMLElement;
    expect(within(panel).getByRole("link", { name: "Sign in" })).toHaveAttribute(
      "href",
      "/login?email=alice%40example.com",
    );
  });

  it("is not offered when the pool allows only passwords", async () => {
    renderApp(<App />, { path: "/register" });
    await screen.findByLabelText("Email");
    expect(screen.queryByRole("checkbox", { name: "Sign up without a password" })).not.toBeInTheDocument();
  });
});
