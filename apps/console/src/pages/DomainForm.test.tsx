import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Cognito, fakeConsole, renderConsole } from "../test/fakeConsole";
import { DomainForm } from "./DomainForm";

const POOL_ID = "us-east-1_Test01";

describe("DomainForm", () => {
  it("creates a prefix domain with the chosen pages", async () => {
    const fake = fakeConsole({ CreateUserPoolDomain: () => ({ ManagedLoginVersion: 1 }) });
    const onChanged = vi.fn();
    renderConsole(<DomainForm pool={{ Id: POOL_ID }} onChanged={onChanged} />, fake.api);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Domain prefix"), "my-app");
    await user.selectOptions(screen.getByLabelText("Pages"), "1");
    await user.click(screen.getByRole("button", { name: "Create domain" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(fake.opCalls("CreateUserPoolDomain")).toEqual([
      { UserPoolId: POOL_ID, Domain: "my-app", ManagedLoginVersion: 1 },
    ]);
  });

  it.each([
    ["", "Enter a domain prefix"],
    ["My-App", "Use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"],
    ["-app", "Use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"],
    ["my-cognito", "A prefix may not contain aws, amazon or cognito"],
  ])("refuses the prefix %j and sends nothing", async (prefix, message) => {
    const fake = fakeConsole({ CreateUserPoolDomain: () => ({}) });
    renderConsole(<DomainForm pool={{ Id: POOL_ID }} onChanged={() => {}} />, fake.api);
    const user = userEvent.setup();
    if (prefix) await user.type(screen.getByLabelText("Domain prefix"), prefix);
    await user.click(screen.getByRole("button", { name: "Create domain" }));
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.getByLabelText("Domain prefix")).toHaveAttribute("aria-invalid", "true");
    expect(fake.opCalls("CreateUserPoolDomain")).toHaveLength(0);
  });

  it("shows the server's refusal of a taken domain", async () => {
    const fake = fakeConsole({
      CreateUserPoolDomain: () => {
        throw new Cognito("InvalidParameterException", "Domain already associated with another user pool.");
      },
    });
    renderConsole(<DomainForm pool={{ Id: POOL_ID }} onChanged={() => {}} />, fake.api);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Domain prefix"), "taken");
    await user.click(screen.getByRole("button", { name: "Create domain" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "InvalidParameterException: Domain already associated with another user pool.",
    );
  });

  it("describes the pool's domain, updates its managed login version and deletes it", async () => {
    const fake = fakeConsole({
      DescribeUserPoolDomain: () => ({
        DomainDescription: {
          UserPoolId: POOL_ID,
          Domain: "my-app",
          Status: "ACTIVE",
          CloudFrontDistribution: "localhost:9443",
          ManagedLoginVersion: 1,
        },
      }),
      UpdateUserPoolDomain: () => ({ ManagedLoginVersion: 2 }),
      DeleteUserPoolDomain: () => ({}),
    });
    const onChanged = vi.fn();
    renderConsole(<DomainForm pool={{ Id: POOL_ID, Domain: "my-app" }} onChanged={onChanged} />, fake.api);
    const user = userEvent.setup();
    expect(await screen.findByText("ACTIVE")).toBeInTheDocument();
    expect(fake.opCalls("DescribeUserPoolDomain")[0]).toEqual({ Domain: "my-app" });
    expect(screen.getByText("Prefix domain")).toBeInTheDocument();
    expect(screen.getByLabelText("Pages")).toHaveValue("1");
    await user.selectOptions(screen.getByLabelText("Pages"), "2");
    await user.click(screen.getByRole("button", { name: "Save domain" }));
    await waitFor(() => expect(fake.opCalls("UpdateUserPoolDomain")).toHaveLength(1));
    expect(fake.opCalls("UpdateUserPoolDomain")[0]).toEqual({
      UserPoolId: POOL_ID,
      Domain: "my-app",
      ManagedLoginVersion: 2,
    });
    await user.type(screen.getByLabelText("Type my-app to confirm"), "my-app");
    await user.click(screen.getByRole("button", { name: "Delete domain" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(fake.opCalls("DeleteUserPoolDomain")).toEqual([{ UserPoolId: POOL_ID, Domain: "my-app" }]);
  });
});
