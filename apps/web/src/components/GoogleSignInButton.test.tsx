import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { cognitoError, fakeAuth, renderApp, testConfig } from "../test/fakes";
import { GoogleSignInButton } from "./GoogleSignInButton";

describe("GoogleSignInButton (signInWithRedirect Google)", () => {
  it("starts the redirect and says so while the browser leaves", async () => {
    const auth = fakeAuth();
    auth.signInWithGoogle.mockReturnValue(new Promise(() => undefined));
    renderApp(<GoogleSignInButton />, { auth });
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in with Google" }));
    expect(auth.signInWithGoogle).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Redirecting to Google…" })).toBeDisabled();
  });

  it("explains why the redirect could not start", async () => {
    const auth = fakeAuth();
    auth.signInWithGoogle.mockRejectedValue(
      cognitoError("UserAlreadyAuthenticatedException", "There is already a signed in user."),
    );
    renderApp(<GoogleSignInButton />, { auth });
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in with Google" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You are already signed in. Sign out first to use another account.",
    );
  });

  it("is replaced by an explanation when no hosted UI is configured", () => {
    renderApp(<GoogleSignInButton />, { config: { ...testConfig, oauth: undefined } });
    expect(screen.queryByRole("button", { name: "Sign in with Google" })).not.toBeInTheDocument();
    expect(screen.getByText(/set VITE_OAUTH_DOMAIN/)).toBeInTheDocument();
  });
});
