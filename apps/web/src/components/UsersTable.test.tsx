import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/apiClient";
import { deferred, fakeApi, renderApp } from "../test/fakes";
import { relativeTime, UsersTable } from "./UsersTable";

const rows = [
  {
    id: 1,
    sub: "sub-1",
    email: "alice@example.com",
    created_at: "2024-01-01T00:00:00.000Z",
    updated_at: "2024-01-01T00:00:00.000Z",
  },
  {
    id: 2,
    sub: "sub-2",
    email: "bob@example.com",
    created_at: "2024-01-02T00:00:00.000Z",
    updated_at: "2024-01-02T00:00:00.000Z",
  },
];

describe("UsersTable (Get users)", () => {
  it("calls GET /users and shows the rows in a table", async () => {
    const api = fakeApi();
    const answer = deferred<unknown>();
    api.get.mockReturnValue(answer.promise);
    renderApp(<UsersTable />, { api });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Get users" }));
    expect(api.get).toHaveBeenCalledWith("/users");
    expect(screen.getByRole("button", { name: "Loading users…" })).toBeDisabled();
    answer.resolve(rows);

    const table = await screen.findByRole("table", { name: /Users from the API \(2 rows\)/ });
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((th) => th.textContent);
    expect(headers).toEqual(["id", "email", "sub", "created_at", "updated_at"]);
    const bodyRows = within(table).getAllByRole("row").slice(1);
    expect(bodyRows).toHaveLength(2);
    expect(within(bodyRows[1]!).getByText("bob@example.com")).toBeInTheDocument();
  });

  it("accepts { users: [...] } as well", async () => {
    const api = fakeApi();
    api.get.mockResolvedValue({ users: [rows[0]] });
    renderApp(<UsersTable />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    expect(await screen.findByRole("table", { name: /\(1 row\)/ })).toBeInTheDocument();
  });

  it("says when there are no users", async () => {
    const api = fakeApi();
    api.get.mockResolvedValue([]);
    renderApp(<UsersTable />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The API returned no users.");
  });

  it("shows the API client's readable error", async () => {
    const api = fakeApi();
    api.get.mockRejectedValue(new ApiError("unauthorized", "Your session has expired. Sign in again.", 401));
    renderApp(<UsersTable />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your session has expired. Sign in again.");
  });

  it("rejects an unexpected body shape with a message, not a crash", async () => {
    const api = fakeApi();
    api.get.mockResolvedValue({ hello: "world" });
    renderApp(<UsersTable />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("unexpected shape");
  });

  it("shows times as relative over local, with the ISO value in <time datetime> and its title", async () => {
    const api = fakeApi();
    const sub = "0b6f2c1e-9a4d-4e8b-b7a1-3f5c2d8e9a10";
    api.get.mockResolvedValue([
      { id: 7, email: "carol@example.com", sub, created_at: "2024-01-01T00:00:00.000Z", updated_at: null },
    ]);
    renderApp(<UsersTable now={() => new Date("2024-01-01T03:00:00.000Z")} />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    const table = await screen.findByRole("table");
    const [, row] = within(table).getAllByRole("row");
    const time = row!.querySelector("time");
    expect(time).toHaveAttribute("datetime", "2024-01-01T00:00:00.000Z");
    expect(time).toHaveAttribute("title", "2024-01-01T00:00:00.000Z");
    expect(time).toHaveTextContent(/^3 hours ago/);
    const local = new Date("2024-01-01T00:00:00.000Z").toLocaleString(undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    expect(time).toHaveTextContent(local);
    // A null time stays an empty cell, not "Invalid Date".
    expect(within(row!).getAllByRole("cell")[4]).toHaveTextContent(/^$/);
  });

  it("cuts a long ID to 8 characters with the whole value in the title, and copies it", async () => {
    const api = fakeApi();
    const sub = "0b6f2c1e-9a4d-4e8b-b7a1-3f5c2d8e9a10";
    api.get.mockResolvedValue([{ id: 12, email: "carol@example.com", sub }]);
    renderApp(<UsersTable />, { api });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Get users" }));
    const cell = (await screen.findAllByRole("cell"))[2]!;
    expect(within(cell).getByTitle(sub)).toHaveTextContent(/^0b6f2c1e…$/);
    // Short ids stay whole and get no button.
    expect(screen.getAllByRole("cell")[0]).toHaveTextContent(/^12$/);
    expect(screen.getAllByRole("button", { name: /^Copy/ })).toHaveLength(1);
    await user.click(within(cell).getByRole("button", { name: `Copy sub ${sub}` }));
    expect(await navigator.clipboard.readText()).toBe(sub);
    expect(within(cell).getByRole("button", { name: `Copied sub ${sub}` })).toBeInTheDocument();
    expect(within(cell).getByRole("status")).toHaveTextContent("sub copied");
  });

  it("words relative times in the largest unit that fits", () => {
    const now = new Date("2024-03-10T12:00:00.000Z");
    const ago = (seconds: number) => relativeTime(new Date(now.getTime() - seconds * 1000), now);
    expect(ago(0)).toBe("now");
    expect(ago(45)).toBe("45 seconds ago");
    expect(ago(90)).toBe("2 minutes ago");
    expect(ago(24 * 3600)).toBe("yesterday");
    expect(ago(3 * 24 * 3600)).toBe("3 days ago");
    expect(ago(400 * 24 * 3600)).toBe("last year");
    expect(ago(-3600)).toBe("in 1 hour");
  });
});
