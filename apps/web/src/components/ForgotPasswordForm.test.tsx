import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { cognitoError, fakeAuth, renderApp } from "../test/fakes";

const codeSent = {
  isPasswordReset: false,
  nextStep: {
    resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE" as const,
    codeDeliveryDetails: {
      destination: "e***@e***",
      deliveryMedium: "EMAIL" as const,
      attributeName: "email" as const,
    },
  },
};

describe("Forgot password (resetPassword → confirmResetPassword)", () => {
  it("sends a code, then resets with code and new password", async () => {
    const auth = fakeAuth();
    auth.resetPassword.mockResolvedValue(codeSent);
    auth.confirmResetPassword.mockResolvedValue(undefined);
    renderApp(<App />, { auth, path: "/forgot-password" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "erin@example.com");
    await user.click(screen.getByRole("button", { name: "Send reset code" }));
    expect(auth.resetPassword).toHaveBeenCalledWith({ email: "erin@example.com" });
    // The pool answers alike for an unknown email (anti-enumeration), so the page cannot claim a code was sent.
    expect(await screen.findByRole("status")).toHaveTextContent(
      "If an account exists for erin@example.com, we sent a password reset code to e***@e***. " +
        "Enter it below with your new password.",
    );

    const newPassword = screen.getByLabelText("New password");
    expect(newPassword).toHaveAttribute("type", "password");
    expect(newPassword).toHaveAttribute("autocomplete", "new-password");
    await user.type(screen.getByLabelText("Verification code"), "222333");
    await user.type(newPassword, "Fresh-Passw0rd!");
    await user.click(screen.getByRole("button", { name: "Reset password" }));
    expect(auth.confirmResetPassword).toHaveBeenCalledWith({
      email: "erin@example.com",
      code: "222333",
      newPassword: "Fresh-Passw0rd!",
    });
    expect(await screen.findByText(/Your password has been reset/)).toHaveTextContent(
      "Your password has been reset. Sign in with the new password.",
    );
  });

  it("explains a refused request", async () => {
    const auth = fakeAuth();
    auth.resetPassword.mockRejectedValue(cognitoError("LimitExceededException"));
    renderApp(<App />, { auth, path: "/forgot-password?email=erin%40example.com" });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Send reset code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many attempts. Wait a few minutes, then try again.",
    );
  });

  it("explains an account without a verified email", async () => {
    const auth = fakeAuth();
    auth.resetPassword.mockRejectedValue(
      cognitoError(
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
      ),
    );
    renderApp(<App />, { auth, path: "/forgot-password?email=erin%40example.com" });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Send reset code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/no verified email/);
  });
});

describe("Reset password page (confirmResetPassword on its own)", () => {
  it("takes email, code and new password", async () => {
    const auth = fakeAuth();
    auth.confirmResetPassword.mockResolvedValue(undefined);
    renderApp(<App />, { auth, path: "/reset-password?email=erin%40example.com" });
    const user = userEvent.setup();
    expect(await screen.findByLabelText("Email")).toHaveValue("erin@example.com");
    await user.type(screen.getByLabelText("Verification code"), "444555");
    await user.type(screen.getByLabelText("New password"), "Fresh-Passw0rd!");
    await user.click(screen.getByRole("button", { name: "Reset password" }));
    expect(auth.confirmResetPassword).toHaveBeenCalledWith({
      email: "erin@example.com",
      code: "444555",
      newPassword: "Fresh-Passw0rd!",
    });
    expect(await screen.findByRole("status")).toHaveTextContent(/Your password has been reset/);
  });

  it("explains an expired code", async () => {
    const auth = fakeAuth();
    auth.confirmResetPassword.mockRejectedValue(
      cognitoError("ExpiredCodeException", "Invalid code provided, please request a code again."),
    );
    renderApp(<App />, { auth, path: "/reset-password?email=erin%40example.com" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Verification code"), "444555");
    await user.type(screen.getByLabelText("New password"), "Fresh-Passw0rd!");
    await user.click(screen.getByRole("button", { name: "Reset password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That code has expired.");
  });
});
