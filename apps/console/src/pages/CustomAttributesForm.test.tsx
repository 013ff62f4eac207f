import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { CustomAttributesForm } from "./CustomAttributesForm";

const POOL: UserPoolType = {
  Id: "us-east-1_Test01",
  Name: "Test pool",
  SchemaAttributes: [
    { Name: "email", AttributeDataType: "String", Mutable: true },
    {
      Name: "custom:plan",
      AttributeDataType: "String",
      Mutable: false,
      StringAttributeConstraints: { MinLength: "1", MaxLength: "16" },
    },
  ],
};

function setup(add: (b: Record<string, unknown>) => unknown = () => ({})) {
  const fake = fakeConsole({ AddCustomAttributes: add });
  const onAdded = vi.fn();
  renderConsole(<CustomAttributesForm pool={POOL} onAdded={onAdded} />, fake.api);
  return { ...fake, onAdded, user: userEvent.setup() };
}

describe("CustomAttributesForm", () => {
  it("lists the pool's custom attributes only, with type, mutability and constraints", () => {
    setup();
    expect(screen.getByText("custom:plan")).toBeInTheDocument();
    expect(screen.getByText("set once")).toBeInTheDocument();
    expect(screen.getByText("length 1–16")).toBeInTheDocument();
    expect(screen.queryByText("email")).not.toBeInTheDocument();
  });

  it("adds a Number attribute with its bounds, as AddCustomAttributes takes it", async () => {
    const t = setup();
    await t.user.type(screen.getByLabelText("Attribute name"), "seats");
    await t.user.selectOptions(screen.getByLabelText("Type"), "Number");
    await t.user.type(screen.getByLabelText("Minimum (length or value)"), "1");
    await t.user.type(screen.getByLabelText("Maximum (length or value)"), "500");
    await t.user.click(screen.getByLabelText(/Mutable/));
    await t.user.click(screen.getByRole("button", { name: "Add custom attribute" }));
    await waitFor(() => expect(t.onAdded).toHaveBeenCalled());
    expect(t.opCalls("AddCustomAttributes")).toEqual([
      {
        UserPoolId: "us-east-1_Test01",
        CustomAttributes: [
          {
            Name: "seats",
            AttributeDataType: "Number",
            Mutable: false,
            NumberAttributeConstraints: { MinValue: "1", MaxValue: "500" },
          },
        ],
      },
    ]);
  });

  it("refuses a taken name, a bad name and crossed bounds before sending, and shows the server's refusal", async () => {
    const t = setup(() => {
      throw new Cognito("InvalidParameterException", "A user pool can have at most 50 custom attributes.");
    });
    const name = screen.getByLabelText("Attribute name");
    await t.user.type(name, "custom:plan");
    await t.user.click(screen.getByRole("button", { name: "Add custom attribute" }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining("already has custom:plan"));
    await t.user.clear(name);
    await t.user.type(name, "has space");
    await t.user.type(screen.getByLabelText("Minimum (length or value)"), "9");
    await t.user.type(screen.getByLabelText("Maximum (length or value)"), "3");
    await t.user.click(screen.getByRole("button", { name: "Add custom attribute" }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining("Use 1 to 20 letters"));
    expect(screen.getByLabelText("Maximum (length or value)")).toHaveAccessibleDescription(
      "The maximum must not be below the minimum",
    );
    expect(t.opCalls("AddCustomAttributes")).toEqual([]);
    await t.user.clear(name);
    await t.user.type(name, "team");
    await t.user.clear(screen.getByLabelText("Maximum (length or value)"));
    await t.user.click(screen.getByRole("button", { name: "Add custom attribute" }));
    expect(await screen.findByText(/at most 50 custom attributes/)).toBeInTheDocument();
    expect(t.onAdded).not.toHaveBeenCalled();
  });
});
