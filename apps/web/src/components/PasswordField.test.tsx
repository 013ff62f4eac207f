import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { fakeAuth, renderApp, testConfig } from "../test/fakes";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { ConfirmResetPasswordForm } from "./ConfirmResetPasswordForm";
import { LogInForm } from "./LogInForm";
import { NewPasswordRequiredForm } from "./NewPasswordRequiredForm";
import { RegisterForm } from "./RegisterForm";

/** Each rule's text as a screen reader reads it ("A number: met"). */
function rules(): string[] {
  const list = screen.getByRole("list", { name: "Password rules" });
  return within(list)
    .getAllByRole("listitem")
    .map((item) => item.textContent?.replace(/^[✓○]\s*/, "") ?? "");
}

const setters: [string, () => ReactElement, string][] = [
  ["register", () => <RegisterForm />, "Password"],
  ["confirm reset", () => <ConfirmResetPasswordForm email="alice@example.com" />, "New password"],
  ["change", () => <ChangePasswordForm />, "New password"],
  ["new password required", () => <NewPasswordRequiredForm onNextStep={vi.fn()} />, "New password"],
];

describe("password fields: the pool's rules as a live checklist, and show/hide", () => {
  it.each(setters)("%s: shows the pool's rules, each unmet until typed, in a polite live list", (_, ui, label) => {
    renderApp(ui());
    const list = screen.getByRole("list", { name: "Password rules" });
    expect(list).toHaveAttribute("aria-live", "polite");
    expect(rules()).toEqual([
      "At least 8 characters: not met",
      "A lowercase letter: not met",
      "An uppercase letter: not met",
      "A number: not met",
      "A symbol, such as ! @ # or -: not met",
    ]);
    const input = screen.getByLabelText(label);
    expect(input).toHaveAttribute("autocomplete", "new-password");
    expect(input).toHaveAttribute("minlength", "8");
    expect(input).toHaveAccessibleDescription(/At least 8 characters ?: not met/);
  });

  it("each rule follows the typing, with the pool's own tests (ASCII letters, its symbol set)", async () => {
    const user = userEvent.setup();
    renderApp(<ChangePasswordForm />);
    const input = screen.getByLabelText("New password");
    await user.type(input, "ab");
    expect(rules()).toEqual([
      "At least 8 characters: not met",
      "A lowercase letter: met",
      "An uppercase letter: not met",
      "A number: not met",
      "A symbol, such as ! @ # or -: not met",
    ]);
    // É is not an uppercase letter to the pool, § is not in its symbol set.
    await user.type(input, "É§7");
    expect(rules()).toEqual([
      "At least 8 characters: not met",
      "A lowercase letter: met",
      "An uppercase letter: not met",
      "A number: met",
      "A symbol, such as ! @ # or -: not met",
    ]);
    await user.type(input, "Q x");
    expect(rules().every((rule) => rule.endsWith(": met"))).toBe(true);
    await user.clear(input);
    expect(rules().every((rule) => rule.endsWith(": not met"))).toBe(true);
  });

  it("the rules are the configured pool's (VITE_PASSWORD_POLICY), not a fixed list", async () => {
    const policy = {
      minimumLength: 12,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: true,
      requireSymbols: false,
    };
    renderApp(<RegisterForm />, { config: { ...testConfig, passwordPolicy: policy } });
    expect(screen.getByLabelText("Password")).toHaveAttribute("minlength", "12");
    await userEvent.setup().type(screen.getByLabelText("Password"), "12345678901");
    expect(rules()).toEqual(["At least 12 characters: not met", "A number: met"]);
  });

  it("the checklist empties with the form after a successful change", async () => {
    const auth = fakeAuth();
    auth.updatePassword.mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderApp(<ChangePasswordForm />, { auth });
    await user.type(screen.getByLabelText("Current password"), "Old-Passw0rd!");
    await user.type(screen.getByLabelText("New password"), "New-Passw0rd!");
    expect(rules().every((rule) => rule.endsWith(": met"))).toBe(true);
    await user.click(screen.getByRole("button", { name: "Change password" }));
    await screen.findByRole("status");
    expect(rules().every((rule) => rule.endsWith(": not met"))).toBe(true);
  });

  it("a show/hide toggle on every password field; the sign-in password has no checklist", async () => {
    const user = userEvent.setup();
    renderApp(<LogInForm />);
    const input = await screen.findByLabelText("Password");
    expect(screen.queryByRole("list", { name: "Password rules" })).toBeNull();
    expect(input).toHaveAttribute("autocomplete", "current-password");
    const toggle = screen.getByRole("button", { name: "Show password" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    expect(input).toHaveAttribute("type", "password");
    await user.click(toggle);
    expect(input).toHaveAttribute("type", "text");
    expect(toggle).toHaveAccessibleName("Hide password");
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    await user.click(toggle);
    expect(input).toHaveAttribute("type", "password");
    expect(toggle).toHaveAccessibleName("Show password");
  });

  it("the change form's two fields have a toggle each, and the toggle does not submit", async () => {
    const auth = fakeAuth();
    const user = userEvent.setup();
    renderApp(<ChangePasswordForm />, { auth });
    const toggles = screen.getAllByRole("button", { name: "Show password" });
    expect(toggles).toHaveLength(2);
    await user.click(toggles[1]!);
    expect(screen.getByLabelText("New password")).toHaveAttribute("type", "text");
    expect(screen.getByLabelText("Current password")).toHaveAttribute("type", "password");
    expect(auth.updatePassword).not.toHaveBeenCalled();
  });
});
