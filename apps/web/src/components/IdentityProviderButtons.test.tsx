import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { cognitoError, fakeAuth, renderApp, testConfig } from "../test/fakes";
import { IdentityProviderButtons } from "./IdentityProviderButtons";

const every = {
  ...testConfig,
  identityProviders: ["Google", "Facebook", "SignInWithApple", "LoginWithAmazon", "Corp"],
};

describe("IdentityProviderButtons (signInWithRedirect per provider)", () => {
  it("starts the Google redirect and says so while the browser leaves", async () => {
    const auth = fakeAuth();
    auth.signInWithProvider.mockReturnValue(new Promise(() => undefined));
    renderApp(<IdentityProviderButtons />, { auth });
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in with Google" }));
    expect(auth.signInWithProvider).toHaveBeenCalledWith("Google");
    expect(screen.getByRole("button", { name: "Redirecting to Google…" })).toBeDisabled();
  });

  it("shows one button per configured provider, in order, each redirecting to its own provider", async () => {
    const auth = fakeAuth();
    auth.signInWithProvider.mockReturnValue(new Promise(() => undefined));
    renderApp(<IdentityProviderButtons />, { auth, config: every });
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Sign in with Google",
      "Sign in with Facebook",
      "Sign in with Apple",
      "Sign in with Amazon",
      "Sign in with Corp",
    ]);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Sign in with Apple" }));
    expect(auth.signInWithProvider).toHaveBeenLastCalledWith("SignInWithApple");
    expect(screen.getByRole("button", { name: "Redirecting to Apple…" })).toBeDisabled();
    // The other buttons stay usable: only the one pressed is waiting.
    await user.click(screen.getByRole("button", { name: "Sign in with Amazon" }));
    expect(auth.signInWithProvider).toHaveBeenLastCalledWith("LoginWithAmazon");
    await user.click(screen.getByRole("button", { name: "Sign in with Corp" }));
    expect(auth.signInWithProvider).toHaveBeenLastCalledWith("Corp");
    expect(auth.signInWithProvider).toHaveBeenCalledTimes(3);
  });

  it("explains why the redirect could not start", async () => {
    const auth = fakeAuth();
    auth.signInWithProvider.mockRejectedValue(
      cognitoError("UserAlreadyAuthenticatedException", "There is already a signed in user."),
    );
    renderApp(<IdentityProviderButtons />, { auth, config: every });
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in with Facebook" }));
    expect(auth.signInWithProvider).toHaveBeenCalledWith("Facebook");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You are already signed in. Sign out first to use another account.",
    );
  });

  it("is replaced by an explanation when no hosted UI is configured", () => {
    renderApp(<IdentityProviderButtons />, { config: { ...every, oauth: undefined } });
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(
      screen.getByText(/Sign in with Google, Facebook, Apple, Amazon, Corp is off: set VITE_OAUTH_DOMAIN/),
    ).toBeInTheDocument();
  });

  it("shows nothing when the client enables no provider", () => {
    renderApp(<IdentityProviderButtons />, { config: { ...testConfig, identityProviders: [] } });
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
