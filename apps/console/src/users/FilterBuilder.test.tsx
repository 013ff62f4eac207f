import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FilterBuilder } from "./FilterBuilder";

describe("FilterBuilder", () => {
  it("shows and sends the Filter for the chosen attribute, operator and value", async () => {
    const onSearch = vi.fn();
    render(<FilterBuilder onSearch={onSearch} />);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Attribute"), "cognito:user_status");
    await user.selectOptions(screen.getByLabelText("Match"), "=");
    await user.type(screen.getByLabelText("Value"), "UNCONFIRMED");
    expect(screen.getByTestId("filter")).toHaveTextContent('cognito:user_status = "UNCONFIRMED"');
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(onSearch).toHaveBeenCalledWith('cognito:user_status = "UNCONFIRMED"', {
      attribute: "cognito:user_status",
      operator: "=",
      value: "UNCONFIRMED",
    });
  });

  it("starts with a prefix search on email and escapes quotes and backslashes as typed", async () => {
    const onSearch = vi.fn();
    render(<FilterBuilder onSearch={onSearch} />);
    const user = userEvent.setup();
    // user-event reads "[" and "{" as key descriptors; these values have neither.
    await user.type(screen.getByLabelText("Value"), 'a"b\\c');
    await user.keyboard("{Enter}");
    expect(onSearch).toHaveBeenCalledWith('email ^= "a\\"b\\\\c"', expect.anything());
  });

  it("searches every user with an empty value", async () => {
    const onSearch = vi.fn();
    render(<FilterBuilder onSearch={onSearch} />);
    expect(screen.getByTestId("filter")).toHaveTextContent("(none: every user)");
    await userEvent.setup().click(screen.getByRole("button", { name: "Search" }));
    expect(onSearch).toHaveBeenCalledWith("", expect.anything());
  });

  it("refuses a filter over Cognito's 256 characters, saying why", async () => {
    const onSearch = vi.fn();
    render(<FilterBuilder onSearch={onSearch} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Value"));
    await user.paste("x".repeat(250));
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(onSearch).not.toHaveBeenCalled();
    expect(screen.getByRole("alert")).toHaveTextContent("at most 256");
    expect(screen.getByLabelText("Value")).toHaveAttribute("aria-invalid", "true");
  });

  it("suggests the values of the closed-set attributes", async () => {
    render(<FilterBuilder onSearch={() => {}} />);
    await userEvent.setup().selectOptions(screen.getByLabelText("Attribute"), "status");
    const list = screen.getByLabelText("Value").getAttribute("list");
    expect(list).toBeTruthy();
    const options = [...(document.getElementById(list ?? "")?.querySelectorAll("option") ?? [])].map((o) => o.value);
    expect(options).toEqual(["Enabled", "Disabled"]);
  });
});
