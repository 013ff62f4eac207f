import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Link, Redirect, Router, useRouter } from "./router";

function Where() {
  const { location } = useRouter();
  return (
    <p data-testid="where">
      {location.path}
      {location.hash ? `#${location.hash}` : ""}
    </p>
  );
}

describe("Router", () => {
  it("reads the path below the base and links inside it", async () => {
    window.history.replaceState(null, "", "/_console/pools");
    render(
      <Router base="/_console/">
        <Where />
        <Link to="/audit">Audit log</Link>
      </Router>,
    );
    expect(screen.getByTestId("where")).toHaveTextContent("/pools");
    const link = screen.getByRole("link", { name: "Audit log" });
    expect(link).toHaveAttribute("href", "/_console/audit");
    expect(link).not.toHaveAttribute("aria-current");
    await userEvent.setup().click(link);
    expect(window.location.pathname).toBe("/_console/audit");
    expect(screen.getByTestId("where")).toHaveTextContent("/audit");
    expect(link).toHaveAttribute("aria-current", "page");
  });

  it("without a base, links are the paths themselves; a section link is never the current page", () => {
    window.history.replaceState(null, "", "/");
    render(
      <Router>
        <Link to="/">Home</Link>
        <Link to="/#security">Security</Link>
      </Router>,
    );
    expect(screen.getByRole("link", { name: "Home" })).toHaveAttribute("href", "/");
    expect(screen.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "Security" })).toHaveAttribute("href", "/#security");
    expect(screen.getByRole("link", { name: "Security" })).not.toHaveAttribute("aria-current");
  });

  it("with exact={false}, a link is current on the paths below it", () => {
    window.history.replaceState(null, "", "/pools/p/users/alice");
    render(
      <Router>
        <Link to="/pools/p/users" exact={false}>
          Users
        </Link>
        <Link to="/pools/p/users">Users only</Link>
      </Router>,
    );
    expect(screen.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "Users only" })).not.toHaveAttribute("aria-current");
  });

  it("Redirect swaps the history entry for the new place and keeps its section", () => {
    window.history.replaceState(null, "", "/security");
    const before = window.history.length;
    render(
      <Router>
        <Where />
        <Redirect to="/#security" />
      </Router>,
    );
    expect(window.location.pathname + window.location.hash).toBe("/#security");
    expect(window.history.length).toBe(before);
    expect(screen.getByTestId("where")).toHaveTextContent("/#security");
  });

  it("useRouter outside a Router says what is missing", () => {
    expect(() => render(<Where />)).toThrow("useRouter() needs a <Router> above it.");
  });
});
