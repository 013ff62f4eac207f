import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/apiClient";
import { deferred, fakeApi, renderApp } from "../test/fakes";
import { UsersTable } from "./UsersTable";

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
    api.get.mockRejectedValue(new ApiError("unauthorized", "Your session has expired. Log in again.", 401));
    renderApp(<UsersTable />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your session has expired. Log in again.");
  });

  it("rejects an unexpected body shape with a message, not a crash", async () => {
    const api = fakeApi();
    api.get.mockResolvedValue({ hello: "world" });
    renderApp(<UsersTable />, { api });
    await userEvent.setup().click(screen.getByRole("button", { name: "Get users" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("unexpected shape");
  });
});
