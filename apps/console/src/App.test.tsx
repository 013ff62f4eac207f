import { screen, render, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeConsole } from "./test/fakeConsole";

const POOLS = { UserPools: [{ Id: "us-east-1_AuthHub01", Name: "AuthHub" }] };

function start(session: Record<string, unknown>, path = "/") {
  const fake = fakeConsole(
    { ListUserPools: () => POOLS, ListUsers: () => ({ Users: [] }) },
    { "/_console/api/session": () => session, "/_console/api/sign-out": () => ({}) },
  );
  window.history.replaceState(null, "", `/_console${path}`);
  render(<App api={fake.api} base="/_console/" />);
  return fake;
}

describe("App", () => {
  it("opens a development session straight onto the pools, with the development views in the navigation", async () => {
    start({ mode: "development", signedIn: true, who: "local developer", csrfToken: "t" });
    expect(await screen.findByRole("link", { name: "AuthHub" })).toHaveAttribute(
      "href",
      "/_console/pools/us-east-1_AuthHub01",
    );
    const nav = screen.getByRole("navigation", { name: "Console" });
    for (const name of ["User pools", "Token inspector", "Audit log", "Mailbox", "SMS outbox", "Request log"])
      expect(within(nav).getByRole("link", { name })).toBeInTheDocument();
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main");
    expect(screen.getByRole("main")).toHaveAttribute("id", "main");
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });

  it("shows production's sign-in page to a visitor without a session, and no navigation", async () => {
    const fake = start({ mode: "production", signedIn: false }, "/pools/us-east-1_AuthHub01/users");
    expect(await screen.findByRole("heading", { level: 1, name: "Sign in to the console" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Console" })).not.toBeInTheDocument();
    expect(fake.opCalls("ListUsers")).toHaveLength(0);
  });

  it("explains loopback-only development instead of a sign-in form", async () => {
    start({ mode: "development", signedIn: false });
    expect(
      await screen.findByRole("heading", { level: 1, name: "Open the console from this computer" }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
  });

  it("offers sign-out in production, and leaves out the development views", async () => {
    const fake = start({ mode: "production", signedIn: true, who: "root", csrfToken: "c" }, "/tokens");
    expect(await screen.findByRole("heading", { level: 1, name: "Token inspector" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Mailbox" })).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign out" }));
    const out = fake.sent.find((r) => r.path === "/_console/api/sign-out");
    expect(out?.method).toBe("POST");
    expect(out?.headers["x-csrf-token"]).toBe("c");
  });
});
