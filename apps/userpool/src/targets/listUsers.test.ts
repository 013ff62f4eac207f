import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user, type UserRow } from "../../test/support/fakes.js";
import { listUsers, parseUserFilter } from "./listUsers.js";

const p = pool();
const lower = (s: string) => s.toLowerCase();
const token = (usernameKey: string) => Buffer.from(usernameKey, "utf8").toString("base64url");

describe("parseUserFilter", () => {
  it("reads an empty or blank filter as none", () => {
    expect(parseUserFilter(lower, "")).toBeUndefined();
    expect(parseUserFilter(lower, "  ")).toBeUndefined();
  });

  it.each(["email = bob@example.com", 'email == "x"', '"email" = "x"', 'email = "x" and name = "y"'])(
    "refuses %s",
    (filter) => {
      expect(() => parseUserFilter(lower, filter)).toThrow(
        expect.objectContaining({ code: "InvalidParameterException", message: "Error while parsing filter." }),
      );
    },
  );

  it("refuses an attribute Cognito does not search", () => {
    expect(() => parseUserFilter(lower, 'custom:team = "x"')).toThrow(
      expect.objectContaining({ code: "InvalidParameterException", message: "Invalid search attribute: custom:team" }),
    );
  });

  it("reads exact and prefix matches, unescaping the value", () => {
    expect(parseUserFilter(lower, ' name = "Bob \\"B\\" \\\\ Jones" ')).toEqual({
      field: "name",
      op: "=",
      value: 'Bob "B" \\ Jones',
    });
    expect(parseUserFilter(lower, 'cognito:user_status ^= "FORCE"')).toEqual({
      field: "cognito:user_status",
      op: "^=",
      value: "FORCE",
    });
  });

  it("normalises a username as the pool does, and matches e-mail without regard to case", () => {
    expect(parseUserFilter(lower, 'username = "Bob"')).toMatchObject({ value: "bob" });
    expect(parseUserFilter(lower, 'email ^= "Bob@"')).toEqual({
      field: "email",
      op: "^=",
      value: "Bob@",
    });
  });
});

function setup(page: { users: UserRow[]; next?: { key: string; value?: string } }) {
  const users = {
    usernameKey: vi.fn((_: unknown, s: string) => s.toLowerCase()),
    list: vi.fn(async () => page),
    toUserType: vi.fn((u: UserRow) => ({ Username: u.username })),
  };
  const deps = fakeDeps(listUsers, { pools: { getPool: async () => p }, users });
  return { users, deps };
}
const named = (...names: string[]) => ({
  users: names.map((n) => user({ username: n, usernameKey: n.toLowerCase() })),
});

describe("ListUsers", () => {
  it("lists the first page of 60 without a filter when no Limit is given", async () => {
    const { users, deps } = setup(named("a", "b"));
    const res = await listUsers.handle(deps, { UserPoolId: p.id }, ctx);
    expect(users.list).toHaveBeenCalledWith(p, { limit: 60 });
    expect(res).toEqual({ Users: [{ Username: "a" }, { Username: "b" }] });
  });

  it("reads Limit 0 as the default, as Cognito does", async () => {
    const { users, deps } = setup(named());
    await listUsers.handle(deps, { UserPoolId: p.id, Limit: 0 }, ctx);
    expect(users.list).toHaveBeenCalledWith(p, { limit: 60 });
  });

  it("passes the parsed filter, normalised by the pool", async () => {
    const { users, deps } = setup(named());
    await listUsers.handle(deps, { UserPoolId: p.id, Filter: 'username = "Bob"' }, ctx);
    expect(users.usernameKey).toHaveBeenCalledWith(p, "Bob");
    expect(users.list).toHaveBeenCalledWith(p, {
      limit: 60,
      filter: { field: "username", op: "=", value: "bob" },
    });
  });

  it("answers a token naming the store's cursor when more users follow", async () => {
    const { users, deps } = setup({ ...named("a", "B"), next: { key: "b" } });
    const res = await listUsers.handle(deps, { UserPoolId: p.id, Limit: 2, AttributesToGet: ["email"] }, ctx);
    expect(users.list).toHaveBeenCalledWith(p, { limit: 2 });
    expect(res).toEqual({ Users: [{ Username: "a" }, { Username: "B" }], PaginationToken: token("b") });
    expect(users.toUserType).toHaveBeenCalledWith(expect.objectContaining({ username: "a" }), ["email"]);
  });

  it("answers no token when no user follows", async () => {
    const { deps } = setup(named("a", "b"));
    expect(await listUsers.handle(deps, { UserPoolId: p.id, Limit: 2 }, ctx)).toEqual({
      Users: [{ Username: "a" }, { Username: "b" }],
    });
  });

  it("continues after the user a PaginationToken names", async () => {
    const { users, deps } = setup(named("c"));
    const res = await listUsers.handle(deps, { UserPoolId: p.id, Limit: 2, PaginationToken: token("b") }, ctx);
    expect(users.list).toHaveBeenCalledWith(p, { limit: 2, after: { key: "b" } });
    expect(res).toEqual({ Users: [{ Username: "c" }] });
  });

  it("carries the matched value in the token of a prefix filter, whose pages follow that value", async () => {
    const { users, deps } = setup({ ...named("a"), next: { key: "a", value: "ann@x" } });
    const Filter = 'email ^= "ann"';
    const res = await listUsers.handle(deps, { UserPoolId: p.id, Limit: 1, Filter }, ctx);
    const next = token(JSON.stringify(["ann@x", "a"]));
    expect(res).toEqual({ Users: [{ Username: "a" }], PaginationToken: next });
    await listUsers.handle(deps, { UserPoolId: p.id, Limit: 1, Filter, PaginationToken: next }, ctx);
    expect(users.list).toHaveBeenLastCalledWith(p, {
      limit: 1,
      after: { key: "a", value: "ann@x" },
      filter: { field: "email", op: "^=", value: "ann" },
    });
  });

  it.each([
    ["one that decodes to nothing", "=", undefined],
    ["one this server did not write", `${token("b")}!`, undefined],
    ["a key where a prefix filter needs a pair", token("b"), 'name ^= "a"'],
    ["a pair of the wrong types", token(JSON.stringify(["a", 1])), 'name ^= "a"'],
  ])("refuses a PaginationToken: %s", async (_, PaginationToken, Filter) => {
    const { users, deps } = setup(named());
    await expect(
      listUsers.handle(deps, { UserPoolId: p.id, PaginationToken, ...(Filter ? { Filter } : {}) }, ctx),
    ).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "Invalid PaginationToken.",
    });
    expect(users.list).not.toHaveBeenCalled();
  });
});
