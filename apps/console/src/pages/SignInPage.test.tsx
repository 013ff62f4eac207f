import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeConsole, renderConsole, Reply } from "../test/fakeConsole";
import { SignInPage } from "./SignInPage";

const SIGNED_OFF = { mode: "production" as const, signedIn: false };
const DONE = { signedIn: true, who: "admin", csrfToken: "c", expiresAt: "2026-12-07T12:00:00Z" };

function setup(signIn: (b: Record<string, unknown>) => unknown, respond: (b: Record<string, unknown>) => unknown) {
  const fake = fakeConsole({}, { "/_console/api/sign-in": signIn, "/_console/api/sign-in/respond": respond });
  const onSignedIn = vi.fn();
  renderConsole(<SignInPage onSignedIn={onSignedIn} />, fake.api, { path: "/sign-in", session: SIGNED_OFF });
  return { ...fake, onSignedIn, user: userEvent.setup() };
}

describe("SignInPage", () => {
  it("signs in as a pool admin, then asks for the authenticator code and sends it with the step", async () => {
    const t = setup(
      () => ({ signedIn: false, challenge: "SOFTWARE_TOKEN_MFA", step: "step-1" }),
      (b) => (b.code === "123456" ? DONE : undefined),
    );
    await t.user.type(screen.getByLabelText("User pool ID"), "us-east-1_Admins");
    await t.user.type(screen.getByLabelText("Username"), "root");
    await t.user.type(screen.getByLabelText("Password"), "Pass word1! ");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Enter your code" })).toBeInTheDocument();
    expect(screen.getByText("Enter the 6-digit code from your authenticator app.")).toBeInTheDocument();
    expect(screen.getByLabelText("Code")).toHaveFocus();
    expect(t.sent[0]?.body).toEqual({ userPoolId: "us-east-1_Admins", username: "root", password: "Pass word1! " });
    expect(t.onSignedIn).not.toHaveBeenCalled();

    await t.user.type(screen.getByLabelText("Code"), "12ab");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter the code: 6 to 8 digits")).toBeInTheDocument();
    expect(t.sent).toHaveLength(1);

    await t.user.clear(screen.getByLabelText("Code"));
    await t.user.type(screen.getByLabelText("Code"), "123456");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(t.onSignedIn).toHaveBeenCalledTimes(1));
    expect(t.sent[1]).toMatchObject({
      path: "/_console/api/sign-in/respond",
      body: { step: "step-1", code: "123456" },
    });
    expect(t.sent[1]?.headers["x-csrf-token"]).toBeUndefined();
  });

  it("asks which factor when the user has several, and sends the answer", async () => {
    let n = 0;
    const t = setup(
      () => ({ signedIn: false, challenge: "SELECT_MFA_TYPE", step: "s1" }),
      () => (++n === 1 ? { signedIn: false, challenge: "EMAIL_OTP", step: "s2" } : DONE),
    );
    await t.user.click(screen.getByLabelText("An admin access key"));
    await t.user.type(screen.getByLabelText("Access key ID"), "AKIDEXAMPLE");
    await t.user.type(screen.getByLabelText("Secret access key"), "s3cret");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(t.sent[0]?.body).toEqual({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s3cret" });
    await t.user.click(await screen.findByLabelText("Email"));
    await t.user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText("Enter the code we e-mailed you.")).toBeInTheDocument();
    expect(t.sent[1]?.body).toEqual({ step: "s1", answer: "EMAIL_OTP" });
    await t.user.type(screen.getByLabelText("Code"), "87654321");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(t.onSignedIn).toHaveBeenCalled());
    expect(t.sent[2]?.body).toEqual({ step: "s2", code: "87654321" });
  });

  it("says sign-in failed without saying which part was wrong", async () => {
    const t = setup(
      () => {
        throw new Reply(401, { error: "sign_in_failed", message: "Sign-in failed." });
      },
      () => DONE,
    );
    await t.user.type(screen.getByLabelText("User pool ID"), "p");
    await t.user.type(screen.getByLabelText("Username"), "u");
    await t.user.type(screen.getByLabelText("Password"), "w");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Sign-in failed: check the credentials and try again.");
    expect(t.onSignedIn).not.toHaveBeenCalled();
  });

  it("explains MFA_SETUP instead of offering a code field", async () => {
    const t = setup(
      () => ({ signedIn: false, challenge: "MFA_SETUP", step: "s" }),
      () => DONE,
    );
    await t.user.click(screen.getByLabelText("An admin access key"));
    await t.user.type(screen.getByLabelText("Access key ID"), "a");
    await t.user.type(screen.getByLabelText("Secret access key"), "b");
    await t.user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Set up MFA first" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Code")).not.toBeInTheDocument();
  });
});
