import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Field, Form, formRaw, formText, SubmitButton } from "./forms";
import { ErrorAlert, Success } from "./messages";

describe("Field", () => {
  it("labels its input and describes it by its error, then its hint", () => {
    render(<Field label="Name" name="name" hint="As on the badge" error="Name is required" />);
    const input = screen.getByRole("textbox", { name: "Name" });
    expect(input).toHaveAccessibleDescription("Name is required As on the badge");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAttribute("autocomplete", "off");
    expect(input).not.toBeRequired();
    // No role unless asked: the console shows a form's outcome in its own alert.
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("announces its error as an alert when asked, and is plain without notes", () => {
    const { rerender } = render(
      <Field label="Email" name="email" type="email" required errorRole="alert" error="Enter an email address" />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Enter an email address");
    expect(screen.getByRole("textbox", { name: "Email" })).toBeRequired();
    rerender(<Field label="Email" name="email" type="email" />);
    const input = screen.getByRole("textbox", { name: "Email" });
    expect(input).not.toHaveAttribute("aria-describedby");
    expect(input).not.toHaveAttribute("aria-invalid");
  });

  it("takes focus when it appears if asked", () => {
    render(<Field label="Code" name="code" focusOnMount />);
    expect(screen.getByRole("textbox", { name: "Code" })).toHaveFocus();
  });
});

describe("Form", () => {
  it("calls onAttempt on a submit and on a submit the browser's validation stops", async () => {
    const onAttempt = vi.fn();
    const onSubmit = vi.fn((event: { preventDefault(): void; currentTarget: HTMLFormElement }) => {
      event.preventDefault();
      return [formText(event.currentTarget, "name"), formRaw(event.currentTarget, "password")];
    });
    render(
      <Form onSubmit={onSubmit} onAttempt={onAttempt} busy={false}>
        <Field label="Name" name="name" />
        <Field label="Password" name="password" type="password" />
        <SubmitButton pending={false} label="Save" pendingLabel="Saving…" />
      </Form>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByRole("textbox", { name: "Name" }), "  Ada ");
    await user.type(screen.getByLabelText("Password"), " pw ");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onAttempt).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveReturnedWith(["Ada", " pw "]);
    fireEvent.invalid(screen.getByRole("textbox", { name: "Name" }));
    expect(onAttempt).toHaveBeenCalledTimes(2);
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("marks itself busy, and its button says what is happening", () => {
    const { container } = render(
      <Form onSubmit={vi.fn()} busy>
        <SubmitButton pending label="Save" pendingLabel="Saving…" />
      </Form>,
    );
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("button", { name: "Saving…" })).toBeDisabled();
  });
});

describe("messages", () => {
  it("a success is a status, an error an alert carrying its data", () => {
    render(
      <>
        <Success>Saved.</Success>
        <ErrorAlert data-error-code="Conflict">Already taken.</ErrorAlert>
      </>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Saved.");
    expect(screen.getByRole("alert")).toHaveTextContent("Already taken.");
    expect(screen.getByRole("alert")).toHaveAttribute("data-error-code", "Conflict");
  });
});
