import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeConsole, renderConsole } from "../test/fakeConsole";
import { UserNewPage, UsersPage, USERS_PAGE_SIZE } from "./UsersPage";

const POOL = "us-east-1_Test01";
const user = (n: number) => ({
  Username: `user${n}`,
  Attributes: [{ Name: "email", Value: `u${n}@example.com` }],
  UserStatus: "CONFIRMED",
  Enabled: n !== 2,
});

describe("UsersPage", () => {
  it("pages forward with the PaginationToken and back with the one before, keeping the filter", async () => {
    const fake = fakeConsole({
      ListUsers: (b) =>
        b.PaginationToken === "p2" ? { Users: [user(3)] } : { Users: [user(1), user(2)], PaginationToken: "p2" },
    });
    renderConsole(<UsersPage poolId={POOL} />, fake.api);
    const u = userEvent.setup();
    expect(await screen.findByRole("link", { name: "user1" })).toHaveAttribute(
      "href",
      "/_console/pools/us-east-1_Test01/users/user1",
    );
    expect(screen.getByText("Disabled")).toBeInTheDocument();
    await u.type(screen.getByLabelText("Value"), "u");
    await u.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(fake.opCalls("ListUsers")).toHaveLength(2));
    await u.click(await screen.findByRole("button", { name: "Next page" }));
    expect(await screen.findByRole("link", { name: "user3" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
    await u.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByRole("link", { name: "user1" })).toBeInTheDocument();
    expect(fake.opCalls("ListUsers")).toEqual([
      { UserPoolId: POOL, Limit: USERS_PAGE_SIZE },
      { UserPoolId: POOL, Limit: USERS_PAGE_SIZE, Filter: 'email ^= "u"' },
      { UserPoolId: POOL, Limit: USERS_PAGE_SIZE, Filter: 'email ^= "u"', PaginationToken: "p2" },
      { UserPoolId: POOL, Limit: USERS_PAGE_SIZE, Filter: 'email ^= "u"' },
    ]);
    // No count of the pool anywhere: paging never asks for one.
    expect(fake.sent.every((r) => !r.path.includes("DescribeUserPool"))).toBe(true);
  });
});

describe("UserNewPage", () => {
  it("invites by email and SMS with the attributes typed", async () => {
    const fake = fakeConsole({ AdminCreateUser: (b) => ({ User: { Username: b.Username } }) });
    renderConsole(<UserNewPage poolId={POOL} />, fake.api, { path: `/pools/${POOL}/new-user` });
    const u = userEvent.setup();
    await u.type(screen.getByLabelText(/^Username/), "ana@example.com");
    await u.type(screen.getByLabelText("Email"), "ana@example.com");
    await u.click(screen.getByLabelText("Mark the email as verified"));
    await u.type(screen.getByLabelText("Phone number"), "+14155550100");
    await u.click(screen.getByLabelText("Text message invitation (SMS)"));
    await u.click(screen.getByRole("button", { name: "Create user" }));
    await waitFor(() => expect(window.location.pathname).toBe(`/_console/pools/${POOL}/users/ana%40example.com`));
    expect(fake.opCalls("AdminCreateUser")).toEqual([
      {
        UserPoolId: POOL,
        Username: "ana@example.com",
        UserAttributes: [
          { Name: "email", Value: "ana@example.com" },
          { Name: "phone_number", Value: "+14155550100" },
          { Name: "email_verified", Value: "true" },
        ],
        DesiredDeliveryMediums: ["EMAIL", "SMS"],
      },
    ]);
  });

  it("suppresses the invitation when no medium is chosen, and sends the temporary password given", async () => {
    const fake = fakeConsole({ AdminCreateUser: (b) => ({ User: { Username: b.Username } }) });
    renderConsole(<UserNewPage poolId={POOL} />, fake.api);
    const u = userEvent.setup();
    await u.type(screen.getByLabelText(/^Username/), "bo");
    await u.click(screen.getByLabelText("Email invitation"));
    await u.type(screen.getByLabelText("Temporary password (optional)"), "Temp pass 1!");
    await u.click(screen.getByRole("button", { name: "Create user" }));
    await waitFor(() => expect(fake.opCalls("AdminCreateUser")).toHaveLength(1));
    expect(fake.opCalls("AdminCreateUser")[0]).toEqual({
      UserPoolId: POOL,
      Username: "bo",
      UserAttributes: [],
      TemporaryPassword: "Temp pass 1!",
      MessageAction: "SUPPRESS",
    });
  });

  it("names the missing address for the chosen invitation and a malformed phone number", async () => {
    const fake = fakeConsole({ AdminCreateUser: () => ({}) });
    renderConsole(<UserNewPage poolId={POOL} />, fake.api);
    const u = userEvent.setup();
    await u.type(screen.getByLabelText(/^Username/), "cy");
    await u.type(screen.getByLabelText("Phone number"), "415 555");
    await u.click(screen.getByRole("button", { name: "Create user" }));
    expect(screen.getByText("An email invitation needs an email address")).toBeInTheDocument();
    expect(screen.getByText("Enter a phone number in E.164 form, such as +14155550100")).toBeInTheDocument();
    expect(fake.opCalls("AdminCreateUser")).toHaveLength(0);
  });
});
