import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SignUpOutput } from "../auth/authClient";
import { App } from "../App";
import { alice, cognitoError, deferred, fakeAuth, linkConfig, renderApp } from "../test/fakes";
import { RegisterForm } from "./RegisterForm";

const needsCode: SignUpOutput = {
  isSignUpComplete: false,
  userId: "u-1",
  nextStep: {
    signUpStep: "CONFIRM_SIGN_UP",
    codeDeliveryDetails: { destination: "a***@e***", deliveryMedium: "EMAIL", attributeName: "email" },
  },
};

async function fillAndSubmit(email = "alice@example.com", password = "Passw0rd!") {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign up" }));
  return user;
}

describe("RegisterForm", () => {
  it("has labelled fields with the right types and autocomplete", () => {
    renderApp(<RegisterForm />);
    expect(screen.getByLabelText("Email")).toHaveAttribute("autocomplete", "username");
    expect(screen.getByLabelText("Email")).toHaveAttribute("type", "email");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("Password")).toHaveAttribute("autocomplete", "new-password");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(/At least 8 characters/);
  });

  it("signs up, then asks for the code for that email and verifies it", async () => {
    const auth = fakeAuth();
    auth.signUp.mockResolvedValue(needsCode);
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
    renderApp(<RegisterForm />, { auth });

    const user = await fillAndSubmit();
    expect(auth.signUp).toHaveBeenCalledWith({ email: "alice@example.com", password: "Passw0rd!" });
    expect(await screen.findByText(/Account created for/)).toHaveTextContent(
      "Account created for alice@example.com. We sent a verification code to a***@e***. Enter the code below. " +
        "Confirming it signs you in.",
    );
    // The email is known now, so the code form only asks for the code.
    expect(screen.queryByLabelText("Email")).not.toBeInTheDocument();
    const code = screen.getByLabelText("Verification code");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await user.type(code, "123456");
    await user.click(screen.getByRole("button", { name: "Verify email" }));
    expect(auth.confirmSignUp).toHaveBeenCalledWith({ email: "alice@example.com", code: "123456" });
    expect(await screen.findByText(/Your email is verified/)).toHaveTextContent("Your email is verified. Sign in now.");
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login?email=alice%40example.com");
    // One message: the verification's outcome replaces "Account created", it does not sit beside it.
    expect(screen.queryByText(/Account created for/)).not.toBeInTheDocument();
    expect(screen.getAllByRole("status")).toHaveLength(1);
  });

  it("confirming the code signs in (autoSignIn) and goes to the account page", async () => {
    const auth = fakeAuth();
    auth.signUp.mockResolvedValue(needsCode);
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "COMPLETE_AUTO_SIGN_IN" } });
    auth.autoSignIn.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    auth.fetchProfile.mockResolvedValue({ email: "alice@example.com" });
    renderApp(<App />, { auth, path: "/register" });
    const user = await fillAndSubmit();
    auth.loadSession.mockResolvedValue({ status: "signedIn", user: alice });
    await user.type(await screen.findByLabelText("Verification code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify email" }));
    expect(await screen.findByRole("heading", { name: "Current user" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
    expect(auth.autoSignIn).toHaveBeenCalledTimes(1);
  });

  it("a failed automatic sign-in after a password sign-up leads to log in with the address filled in", async () => {
    const auth = fakeAuth();
    auth.signUp.mockResolvedValue(needsCode);
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "COMPLETE_AUTO_SIGN_IN" } });
    auth.autoSignIn.mockRejectedValue(cognitoError("TooManyRequestsException"));
    renderApp(<App />, { auth, path: "/register" });
    const user = await fillAndSubmit();
    await user.type(await screen.findByLabelText("Verification code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify email" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests right now.");
    expect(screen.getByRole("status")).toHaveTextContent("Your email is verified.");
    expect(within(screen.getByRole("main")).getByRole("link", { name: "Sign in" })).toHaveAttribute(
      "href",
      "/login?email=alice%40example.com",
    );
  });

  it("with link verification: says to open the e-mailed link and asks for no code", async () => {
    const auth = fakeAuth();
    auth.signUp.mockResolvedValue(needsCode);
    auth.resendSignUpCode.mockResolvedValue({ destination: "a***@e***", deliveryMedium: "EMAIL" });
    renderApp(<RegisterForm />, { auth, config: linkConfig });
    const user = await fillAndSubmit();
    expect(await screen.findByText(/Account created for/)).toHaveTextContent(
      "Account created for alice@example.com. We sent a verification link to a***@e***. " +
        "Open the link in it to verify your email.",
    );
    expect(screen.queryByLabelText("Verification code")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "sign in" })).toHaveAttribute("href", "/login?email=alice%40example.com");
    await user.click(screen.getByRole("button", { name: "Send a new link" }));
    expect(await screen.findByText("We sent a new verification link to a***@e***.")).toBeInTheDocument();
  });

  it("the register page says which kind of verification e-mail comes", async () => {
    const { unmount } = renderApp(<App />, { path: "/register", config: linkConfig });
    expect(await screen.findByText(/Create an account/)).toHaveTextContent(
      "Create an account with your email address. We email you a verification link to verify it.",
    );
    unmount();
    renderApp(<App />, { path: "/register" });
    expect(await screen.findByText(/Create an account/)).toHaveTextContent(/a verification code to verify it/);
  });

  it("a new attempt clears the previous error, also when the browser's own validation stops it", async () => {
    const auth = fakeAuth();
    auth.signUp.mockRejectedValue(cognitoError("UsernameExistsException", "User already exists"));
    renderApp(<RegisterForm />, { auth });
    const user = await fillAndSubmit();
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    // Emptying the email makes the browser refuse the submit (its tooltip speaks); our old error must go.
    await user.clear(screen.getByLabelText("Email"));
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(auth.signUp).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows a loading state while the pool answers", async () => {
    const auth = fakeAuth();
    const pending = deferred<SignUpOutput>();
    auth.signUp.mockReturnValue(pending.promise);
    renderApp(<RegisterForm />, { auth });
    await fillAndSubmit();
    expect(screen.getByRole("button", { name: "Creating account…" })).toBeDisabled();
    pending.resolve(needsCode);
    expect(await screen.findByLabelText("Verification code")).toBeInTheDocument();
  });

  it("explains a taken email in words", async () => {
    const auth = fakeAuth();
    auth.signUp.mockRejectedValue(cognitoError("UsernameExistsException", "User already exists"));
    renderApp(<RegisterForm />, { auth });
    await fillAndSubmit();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      "An account with this email already exists. Sign in, or reset your password if you forgot it.",
    );
    expect(alert).not.toHaveTextContent("User already exists");
    // The form stays, so the user can fix the email and try again.
    expect(screen.getByRole("button", { name: "Sign up" })).toBeEnabled();
  });

  it("passes the password rule Cognito names on", async () => {
    const auth = fakeAuth();
    auth.signUp.mockRejectedValue(
      cognitoError(
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have uppercase characters",
      ),
    );
    renderApp(<RegisterForm />, { auth });
    await fillAndSubmit("bob@example.com", "lowercase1!");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That password is not strong enough. Password must have uppercase characters.",
    );
  });

  it("lets the browser stop a password shorter than the pool's minimum before any request", async () => {
    const auth = fakeAuth();
    renderApp(<RegisterForm />, { auth });
    await fillAndSubmit("bob@example.com", "short");
    expect(auth.signUp).not.toHaveBeenCalled();
  });

  it("says the account is ready when no confirmation is needed (DONE)", async () => {
    const auth = fakeAuth();
    auth.signUp.mockResolvedValue({ isSignUpComplete: true, userId: "u-2", nextStep: { signUpStep: "DONE" } });
    renderApp(<RegisterForm />, { auth });
    await fillAndSubmit();
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Account created for alice@example.com and ready to use. Sign in.",
    );
  });
});
