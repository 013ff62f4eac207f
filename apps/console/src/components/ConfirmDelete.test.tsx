import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ConsoleError } from "../api/consoleApi";
import { ConfirmDelete } from "./ConfirmDelete";

describe("ConfirmDelete", () => {
  it("does not delete until the exact name is typed", async () => {
    const onDelete = vi.fn(async () => {});
    render(<ConfirmDelete what="user pool" name="Prod pool" onDelete={onDelete} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Delete user pool" }));
    expect(onDelete).not.toHaveBeenCalled();
    expect(screen.getByText("Type Prod pool exactly to delete this user pool.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Type Prod pool to confirm"), "prod pool");
    await user.click(screen.getByRole("button", { name: "Delete user pool" }));
    expect(onDelete).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Type Prod pool to confirm")).toHaveAttribute("aria-invalid", "true");
  });

  it("deletes once the name matches", async () => {
    const onDelete = vi.fn(async () => {});
    render(<ConfirmDelete what="user" name="ana" onDelete={onDelete} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Type ana to confirm"), "ana");
    await user.click(screen.getByRole("button", { name: "Delete user" }));
    expect(onDelete).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/exactly to delete/)).not.toBeInTheDocument();
  });

  it("shows the server's refusal", async () => {
    const onDelete = vi.fn(async () => {
      throw new ConsoleError("cognito", "InvalidParameterException", "Deletion protection is active.", 400);
    });
    render(<ConfirmDelete what="user pool" name="p" onDelete={onDelete} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Type p to confirm"), "p");
    await user.click(screen.getByRole("button", { name: "Delete user pool" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "InvalidParameterException: Deletion protection is active.",
    );
  });
});
