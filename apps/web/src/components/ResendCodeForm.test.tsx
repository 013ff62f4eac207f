import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { cognitoError, fakeAuth, linkConfig, renderApp } from "../test/fakes";

describe("Resend code page (resendSignUpCode)", () => {
  it("sends a new code and says where it went", async () => {
    const auth = fakeAuth();
    auth.resendSignUpCode.mockResolvedValue({
      destination: "d***@e***",
      deliveryMedium: "EMAIL",
      attributeName: "email",
    });
    renderApp(<App />, { auth, path: "/resend-code" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "dave@example.com");
    await user.click(screen.getByRole("button", { name: "Send a new code" }));
    expect(auth.resendSignUpCode).toHaveBeenCalledWith({ email: "dave@example.com" });
    expect(await screen.findByRole("status")).toHaveTextContent(
      "If an account exists for dave@example.com and is not verified yet, we sent a new verification code to " +
        "d***@e***. Enter it on the Verify email page.",
    );
  });

  it("with link verification: offers a new link, and the verify page asks for no code", async () => {
    const auth = fakeAuth();
    auth.resendSignUpCode.mockResolvedValue({ destination: "d***@e***", deliveryMedium: "EMAIL" });
    renderApp(<App />, { auth, path: "/verify-email?email=dave%40example.com", config: linkConfig });
    expect(await screen.findByText(/Open the link/)).toHaveTextContent(
      "Open the link in your verification email. Lost it? We send a new one.",
    );
    expect(screen.queryByLabelText("Verification code")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Send a new link" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "If an account exists for dave@example.com and is not verified yet, we sent a new verification link to " +
        "d***@e***. Open the link in it, then sign in.",
    );
  });

  it("explains the hourly limit", async () => {
    const auth = fakeAuth();
    auth.resendSignUpCode.mockRejectedValue(
      cognitoError("LimitExceededException", "Attempt limit exceeded, please try after some time."),
    );
    renderApp(<App />, { auth, path: "/resend-code?email=dave%40example.com" });
    const user = userEvent.setup();
    expect(await screen.findByLabelText("Email")).toHaveValue("dave@example.com");
    await user.click(screen.getByRole("button", { name: "Send a new code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many attempts. Wait a few minutes, then try again.",
    );
  });

  it("shows a network failure as such", async () => {
    const auth = fakeAuth();
    auth.resendSignUpCode.mockRejectedValue(cognitoError("NetworkError", "A network error has occurred."));
    renderApp(<App />, { auth, path: "/resend-code?email=dave%40example.com" });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Send a new code" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Cannot reach the sign-in service. Check your connection and try again.",
    );
  });
});
