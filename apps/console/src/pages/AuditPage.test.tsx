import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../api/consoleApi";
import { fakeConsole, renderConsole } from "../test/fakeConsole";
import { AUDIT_PAGE_SIZE, AuditPage } from "./AuditPage";

const entry = (n: number, who: string, operation: string): AuditEntry => ({
  id: String(n),
  at: "2026-12-01T10:00:00.000Z",
  who,
  operation,
  userPoolId: "us-east-1_Test01",
  target: `user${n}`,
  outcome: n === 7 ? "UserNotFoundException" : "ok",
});

/** A server double of `GET /audit`: filters exactly and pages by `before`, two entries a page. */
function auditServer(entries: AuditEntry[]) {
  const fake: ReturnType<typeof fakeConsole> = fakeConsole(
    {},
    {
      "/_console/api/audit": () => {
        const q = new URL(fake.sent.at(-1)!.path, "http://x").searchParams;
        const match = entries.filter(
          (e) =>
            (!q.has("who") || e.who === q.get("who")) &&
            (!q.has("operation") || e.operation === q.get("operation")) &&
            (!q.has("before") || Number(e.id) < Number(q.get("before"))),
        );
        const page = match.slice(0, 2);
        return { entries: page, ...(match.length > 2 ? { next: page.at(-1)!.id } : {}) };
      },
    },
  );
  const queries = () =>
    fake.sent.map((r) => Object.fromEntries(new URL(r.path, "http://x").searchParams) as Record<string, string>);
  return { ...fake, queries };
}

const ENTRIES = [
  entry(9, "alice", "AdminDeleteUser"),
  entry(8, "bob", "AdminDeleteUser"),
  entry(7, "alice", "AdminDisableUser"),
  entry(6, "alice", "AdminDeleteUser"),
  entry(5, "alice", "AdminDeleteUser"),
  entry(4, "bob", "SignIn"),
];
const rows = () => within(screen.getByRole("table")).getAllByRole("row").slice(1);
const targets = () => rows().map((r) => within(r).getAllByRole("cell")[4]!.textContent);

describe("AuditPage", () => {
  it("filters by who and operation from the keyboard, pages within the filter, and clears it", async () => {
    const server = auditServer(ENTRIES);
    renderConsole(<AuditPage />, server.api, { path: "/audit" });
    const u = userEvent.setup();
    await waitFor(() => expect(targets()).toEqual(["user9", "user8"]));
    const who = screen.getByLabelText("Who");
    // A <search> landmark (jsdom's role table does not know the element yet).
    expect(who.closest("search")).toHaveAttribute("aria-label", "Filter the audit log");
    expect(who).toHaveAccessibleDescription("Exactly as in the Who column");
    expect(screen.getByLabelText("Operation")).toHaveAccessibleDescription(
      "Exactly as in the Operation column, such as AdminDeleteUser",
    );

    // Keyboard only: type, Tab to the next field, Enter submits.
    await u.click(who);
    await u.keyboard("alice");
    await u.tab();
    expect(screen.getByLabelText("Operation")).toHaveFocus();
    await u.keyboard("AdminDeleteUser{Enter}");
    await waitFor(() => expect(targets()).toEqual(["user9", "user6"]));
    expect(screen.getByRole("table")).toHaveAccessibleName("Matching audit entries, page 1");
    await u.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(targets()).toEqual(["user5"]));
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
    await u.click(screen.getByRole("button", { name: "Previous page" }));
    await waitFor(() => expect(targets()).toEqual(["user9", "user6"]));

    await u.click(screen.getByRole("button", { name: "Show all entries" }));
    await waitFor(() => expect(targets()).toEqual(["user9", "user8"]));
    expect(screen.getByLabelText("Who")).toHaveValue("");
    expect(screen.getByLabelText("Who")).toHaveFocus();
    expect(screen.queryByRole("button", { name: "Show all entries" })).not.toBeInTheDocument();

    const filter = { limit: String(AUDIT_PAGE_SIZE), who: "alice", operation: "AdminDeleteUser" };
    expect(server.queries()).toEqual([
      { limit: String(AUDIT_PAGE_SIZE) },
      filter,
      { ...filter, before: "6" },
      filter,
      { limit: String(AUDIT_PAGE_SIZE) },
    ]);
  });

  it("filters by operation alone, suggests the operations on screen, and says when nothing matches", async () => {
    const server = auditServer(ENTRIES);
    renderConsole(<AuditPage />, server.api, { path: "/audit" });
    const u = userEvent.setup();
    await waitFor(() => expect(targets()).toEqual(["user9", "user8"]));
    const operation = screen.getByLabelText("Operation");
    const suggestions = document.getElementById(operation.getAttribute("list")!)!;
    expect([...suggestions.querySelectorAll("option")].map((o) => o.value)).toEqual([
      "AdminDeleteUser",
      "SignIn",
      "SignOut",
    ]);
    await u.type(operation, "SignIn");
    await u.click(screen.getByRole("button", { name: "Filter" }));
    await waitFor(() => expect(targets()).toEqual(["user4"]));
    await u.clear(operation);
    await u.type(operation, "NoSuchOperation{Enter}");
    expect(await screen.findByRole("status")).toHaveTextContent("No entries match.");
    expect(server.queries().at(-1)).toEqual({ limit: String(AUDIT_PAGE_SIZE), operation: "NoSuchOperation" });
  });

  it("refuses a value longer than the server takes, on the field, without a request", async () => {
    const server = auditServer(ENTRIES);
    renderConsole(<AuditPage />, server.api, { path: "/audit" });
    const u = userEvent.setup();
    await waitFor(() => expect(targets()).toEqual(["user9", "user8"]));
    const operation = screen.getByLabelText("Operation");
    await u.click(operation);
    await u.paste("A".repeat(129));
    await u.click(screen.getByRole("button", { name: "Filter" }));
    expect(operation).toHaveAttribute("aria-invalid", "true");
    expect(operation).toHaveAccessibleDescription(/^Enter at most 128 characters/);
    expect(operation).toHaveFocus();
    expect(server.sent).toHaveLength(1);
  });
});
