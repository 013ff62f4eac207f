import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { cognitoError, deferred, fakeAuth, renderApp } from "../test/fakes";

describe("Verify email link landing (/verify)", () => {
  it("confirms the code from the link once, even under StrictMode's double effects", async () => {
    const auth = fakeAuth();
    const answer = deferred<{ isSignUpComplete: boolean; nextStep: { signUpStep: "DONE" } }>();
    auth.confirmSignUp.mockReturnValue(answer.promise);
    renderApp(<App />, { auth, path: "/verify?username=frank%40example.com&code=987654", strict: true });
    expect(await screen.findByText(/Verifying/)).toHaveTextContent("Verifying frank@example.com…");
    answer.resolve({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
    expect(await screen.findByText(/is verified/)).toHaveTextContent("Your email frank@example.com is verified.");
    expect(auth.confirmSignUp).toHaveBeenCalledTimes(1);
    expect(auth.confirmSignUp).toHaveBeenCalledWith({ email: "frank@example.com", code: "987654" });
  });

  it("leads in one click to the log-in form with the address filled in and the password field focused", async () => {
    const auth = fakeAuth();
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
    renderApp(<App />, { auth, path: "/verify?username=frank%40example.com&code=987654" });
    const logIn = await within(screen.getByRole("main")).findByRole("link", { name: "Sign in" });
    expect(logIn).toHaveAttribute("href", "/login?email=frank%40example.com");
    await userEvent.setup().click(logIn);
    expect(window.location.pathname).toBe("/login");
    expect(await screen.findByLabelText("Email")).toHaveValue("frank@example.com");
    expect(screen.getByLabelText("Password")).toHaveFocus();
  });

  it("accepts Cognito's user_name / confirmation_code spelling", async () => {
    const auth = fakeAuth();
    auth.confirmSignUp.mockResolvedValue({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
    renderApp(<App />, { auth, path: "/verify?user_name=frank%40example.com&confirmation_code=111111&client_id=x" });
    expect(await screen.findByText(/is verified/)).toBeInTheDocument();
    expect(auth.confirmSignUp).toHaveBeenCalledWith({ email: "frank@example.com", code: "111111" });
  });

  it("explains an expired link and offers a new code", async () => {
    const auth = fakeAuth();
    auth.confirmSignUp.mockRejectedValue(cognitoError("ExpiredCodeException"));
    renderApp(<App />, { auth, path: "/verify?username=frank%40example.com&code=987654" });
    expect(await screen.findByRole("alert")).toHaveTextContent("That code has expired.");
    expect(screen.getByRole("link", { name: "Get a new code" })).toHaveAttribute(
      "href",
      "/resend-code?email=frank%40example.com",
    );
  });

  it("says an incomplete link is incomplete, without calling the pool", async () => {
    const auth = fakeAuth();
    renderApp(<App />, { auth, path: "/verify?username=frank%40example.com" });
    expect(await screen.findByRole("alert")).toHaveTextContent("This verification link is incomplete.");
    expect(auth.confirmSignUp).not.toHaveBeenCalled();
  });
});
