import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { cognitoError, fakeAuth, renderApp } from "../test/fakes";
import { ChangePasswordForm } from "./ChangePasswordForm";

async function change(oldPassword: string, newPassword: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Current password"), oldPassword);
  await user.type(screen.getByLabelText("New password"), newPassword);
  await user.click(screen.getByRole("button", { name: "Change password" }));
}

describe("ChangePasswordForm (updatePassword)", () => {
  it("uses current-password and new-password autocomplete", () => {
    renderApp(<ChangePasswordForm />);
    expect(screen.getByLabelText("Current password")).toHaveAttribute("autocomplete", "current-password");
    expect(screen.getByLabelText("New password")).toHaveAttribute("autocomplete", "new-password");
  });

  it("changes the password and clears both fields", async () => {
    const auth = fakeAuth();
    auth.updatePassword.mockResolvedValue(undefined);
    renderApp(<ChangePasswordForm />, { auth });
    await change("Old-Passw0rd!", "New-Passw0rd!");
    expect(auth.updatePassword).toHaveBeenCalledWith({ oldPassword: "Old-Passw0rd!", newPassword: "New-Passw0rd!" });
    expect(await screen.findByRole("status")).toHaveTextContent("Your password has been changed.");
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    expect(screen.getByLabelText("New password")).toHaveValue("");
  });

  it("says the current password is wrong (not 'email or password')", async () => {
    const auth = fakeAuth();
    auth.updatePassword.mockRejectedValue(cognitoError("NotAuthorizedException", "Incorrect username or password."));
    renderApp(<ChangePasswordForm />, { auth });
    await change("Wrong-Passw0rd!", "New-Passw0rd!");
    expect(await screen.findByRole("alert")).toHaveTextContent("Your current password is not right.");
  });

  it("explains the ChangePassword quota", async () => {
    const auth = fakeAuth();
    auth.updatePassword.mockRejectedValue(cognitoError("LimitExceededException"));
    renderApp(<ChangePasswordForm />, { auth });
    await change("Old-Passw0rd!", "New-Passw0rd!");
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts.");
  });
});
