import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { cognitoError, fakeAuth, renderApp } from "../test/fakes";

async function submit(code: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Verification code"), code);
  await user.click(screen.getByRole("button", { name: "Verify email" }));
}

describe("Verify email page (confirmSignUp)", () => {
  it("prefills the email from ?email= and confirms the code", async () => {
    const auth = fakeAuth();
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
    renderApp(<App />, { auth, path: "/verify-email?email=carol%40example.com" });
    expect(await screen.findByLabelText("Email")).toHaveValue("carol@example.com");
    expect(screen.getByLabelText("Email")).toHaveAttribute("autocomplete", "email");
    await submit("123456");
    expect(auth.confirmSignUp).toHaveBeenCalledWith({ email: "carol@example.com", code: "123456" });
    expect(await screen.findByRole("status")).toHaveTextContent("Your email is verified. Sign in now.");
  });

  it.each([
    ["CodeMismatchException", "That code is not right. Check the latest email or ask for a new code."],
    ["ExpiredCodeException", "That code has expired. Ask for a new code and use the one in the latest email."],
    ["TooManyFailedAttemptsException", "Too many wrong codes. Wait a while, then ask for a new code."],
  ])("explains %s", async (name, sentence) => {
    const auth = fakeAuth();
    auth.confirmSignUp.mockRejectedValue(cognitoError(name));
    renderApp(<App />, { auth, path: "/verify-email?email=carol%40example.com" });
    await screen.findByLabelText("Verification code");
    await submit("000000");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(sentence);
    expect(alert).toHaveAttribute("data-error-name", name);
  });

  it("says an already verified email is fine", async () => {
    const auth = fakeAuth();
    auth.confirmSignUp.mockRejectedValue(
      cognitoError("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"),
    );
    renderApp(<App />, { auth, path: "/verify-email?email=carol%40example.com" });
    await screen.findByLabelText("Verification code");
    await submit("123456");
    expect(await screen.findByRole("alert")).toHaveTextContent("This email is already verified. You can sign in.");
  });
});
