import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { alice, cognitoError, fakeAuth, linkConfig, renderApp } from "../test/fakes";

async function logIn(password = "Passw0rd!") {
  const user = userEvent.setup();
  await screen.findByRole("heading", { name: "Sign in" });
  await user.type(screen.getByLabelText("Email"), "alice@example.com");
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  return user;
}

describe("LogInForm", () => {
  it("uses the sign-in autocomplete hints", async () => {
    renderApp(<App />, { path: "/login" });
    expect(await screen.findByLabelText("Email")).toHaveAttribute("autocomplete", "username");
    expect(screen.getByLabelText("Password")).toHaveAttribute("autocomplete", "current-password");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
  });

  it("logs in (DONE), reloads the user and goes home signed in", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    renderApp(<App />, { auth, path: "/login" });
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await logIn();
    expect(auth.signIn).toHaveBeenCalledWith({ email: "alice@example.com", password: "Passw0rd!" });
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
    expect(screen.getByText("Signed in as", { exact: false })).toHaveTextContent("Signed in as alice@example.com");
  });

  it("shows a wrong password as a sentence and keeps the form", async () => {
    const auth = fakeAuth();
    auth.signIn.mockRejectedValue(cognitoError("NotAuthorizedException", "Incorrect username or password."));
    renderApp(<App />, { auth, path: "/login" });
    await logIn("wrong-password");
    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is not right.");
    expect(window.location.pathname).toBe("/login");
  });

  it("shows the loading label while signing in", async () => {
    const auth = fakeAuth();
    auth.signIn.mockReturnValue(new Promise(() => undefined));
    renderApp(<App />, { auth, path: "/login" });
    await logIn();
    expect(screen.getByRole("button", { name: "Signing in…" })).toBeDisabled();
  });

  it("CONFIRM_SIGN_UP: asks for the email code right there", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_UP" } });
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
    renderApp(<App />, { auth, path: "/login" });
    const user = await logIn();
    expect(await screen.findByRole("heading", { name: "Verify your email first" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Verification code"), "654321");
    await user.click(screen.getByRole("button", { name: "Verify email" }));
    expect(auth.confirmSignUp).toHaveBeenCalledWith({ email: "alice@example.com", code: "654321" });
    expect(await screen.findByText(/Your email is verified/)).toBeInTheDocument();
  });

  it("CONFIRM_SIGN_UP: can send a new code", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_UP" } });
    auth.resendSignUpCode.mockResolvedValue({
      destination: "a***@e***",
      deliveryMedium: "EMAIL",
      attributeName: "email",
    });
    renderApp(<App />, { auth, path: "/login" });
    const user = await logIn();
    await user.click(await screen.findByRole("button", { name: "Send a new code" }));
    expect(auth.resendSignUpCode).toHaveBeenCalledWith({ email: "alice@example.com" });
    expect(await screen.findByText("We sent a new verification code to a***@e***.")).toBeInTheDocument();
  });

  it("CONFIRM_SIGN_UP with link verification: says to open the link, asks for no code, sends a new link", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_UP" } });
    auth.resendSignUpCode.mockResolvedValue({ destination: "a***@e***", deliveryMedium: "EMAIL" });
    renderApp(<App />, { auth, path: "/login", config: linkConfig });
    const user = await logIn();
    expect(await screen.findByText(/is not verified yet/)).toHaveTextContent(
      "Your email alice@example.com is not verified yet. Open the link in the verification email we sent you.",
    );
    expect(screen.queryByLabelText("Verification code")).not.toBeInTheDocument();
    expect(screen.queryByText(/enter the code/i)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send a new link" }));
    expect(auth.resendSignUpCode).toHaveBeenCalledWith({ email: "alice@example.com" });
    expect(await screen.findByText("We sent a new verification link to a***@e***.")).toBeInTheDocument();
  });

  it("RESET_PASSWORD: sends a reset code and takes the new password", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({ isSignedIn: false, nextStep: { signInStep: "RESET_PASSWORD" } });
    auth.resetPassword.mockResolvedValue({
      isPasswordReset: false,
      nextStep: {
        resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE",
        codeDeliveryDetails: { destination: "a***@e***" },
      },
    });
    auth.confirmResetPassword.mockResolvedValue(undefined);
    renderApp(<App />, { auth, path: "/login" });
    const user = await logIn();
    expect(await screen.findByText(/Your password must be reset/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send reset code" }));
    expect(auth.resetPassword).toHaveBeenCalledWith({ email: "alice@example.com" });
    await user.type(await screen.findByLabelText("Verification code"), "111222");
    await user.type(screen.getByLabelText("New password"), "N3w-Passw0rd!");
    await user.click(screen.getByRole("button", { name: "Reset password" }));
    expect(auth.confirmResetPassword).toHaveBeenCalledWith({
      email: "alice@example.com",
      code: "111222",
      newPassword: "N3w-Passw0rd!",
    });
    expect(await screen.findByText(/Your password has been reset/)).toBeInTheDocument();
  });

  it("CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: sets the new password and finishes signing in", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED" },
    });
    auth.confirmNewPassword.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    renderApp(<App />, { auth, path: "/login" });
    const user = await logIn("Temp-Passw0rd!");
    const panel = (await screen.findByRole("heading", { name: "Choose a new password" })).parentElement as HTMLElement;
    const field = within(panel).getByLabelText("New password");
    expect(field).toHaveAttribute("autocomplete", "new-password");
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(field, "Mine-Passw0rd!");
    await user.click(within(panel).getByRole("button", { name: "Set new password" }));
    expect(auth.confirmNewPassword).toHaveBeenCalledWith({ newPassword: "Mine-Passw0rd!" });
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
  });

  it("CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: a weak new password is explained", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED" },
    });
    auth.confirmNewPassword.mockRejectedValue(
      cognitoError(
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have symbol characters",
      ),
    );
    renderApp(<App />, { auth, path: "/login" });
    const user = await logIn("Temp-Passw0rd!");
    await user.type(await screen.findByLabelText("New password"), "Password1234");
    await user.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That password is not strong enough. Password must have symbol characters.",
    );
  });

  it("says so when the pool asks for a step this app does not offer", async () => {
    const auth = fakeAuth();
    auth.signIn.mockResolvedValue({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE" },
    });
    renderApp(<App />, { auth, path: "/login" });
    await logIn();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      /does not support \(CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE\)/,
    );
  });
});
