import { describe, expect, it } from "vitest";
import { matchRoute, pathOf } from "./routes";

describe("matchRoute", () => {
  it("maps every console path to its page", () => {
    expect(matchRoute("/")).toEqual({ page: "pools" });
    expect(matchRoute("/pools")).toEqual({ page: "pools" });
    expect(matchRoute("/pools/new")).toEqual({ page: "pool-new" });
    expect(matchRoute("/pools/us-east-1_A")).toEqual({ page: "pool", poolId: "us-east-1_A" });
    expect(matchRoute("/pools/p/clients")).toEqual({ page: "clients", poolId: "p" });
    expect(matchRoute("/pools/p/new-client")).toEqual({ page: "client-new", poolId: "p" });
    expect(matchRoute("/pools/p/clients/abc")).toEqual({ page: "client", poolId: "p", clientId: "abc" });
    expect(matchRoute("/pools/p/users")).toEqual({ page: "users", poolId: "p" });
    expect(matchRoute("/pools/p/new-user")).toEqual({ page: "user-new", poolId: "p" });
    expect(matchRoute("/pools/p/groups")).toEqual({ page: "groups", poolId: "p" });
    expect(matchRoute("/pools/p/identity-providers")).toEqual({ page: "idps", poolId: "p" });
    expect(matchRoute("/pools/p/resource-servers")).toEqual({ page: "resource-servers", poolId: "p" });
    expect(matchRoute("/dev/mailbox")).toEqual({ page: "mailbox" });
    expect(matchRoute("/dev/sms")).toEqual({ page: "sms" });
    expect(matchRoute("/dev/requests")).toEqual({ page: "requests" });
    expect(matchRoute("/tokens")).toEqual({ page: "tokens" });
    expect(matchRoute("/audit")).toEqual({ page: "audit" });
    expect(matchRoute("/sign-in")).toEqual({ page: "sign-in" });
  });

  it("keeps a user called 'new' and usernames with slashes or % apart from other pages", () => {
    expect(matchRoute("/pools/p/users/new")).toEqual({ page: "user", poolId: "p", username: "new" });
    expect(matchRoute(pathOf("pools", "p", "users", "a/b %c@x"))).toEqual({
      page: "user",
      poolId: "p",
      username: "a/b %c@x",
    });
  });

  it("answers not-found for unknown and malformed paths", () => {
    expect(matchRoute("/nope")).toEqual({ page: "not-found" });
    expect(matchRoute("/pools/p/users/u/extra")).toEqual({ page: "not-found" });
    expect(matchRoute("/pools/p/groups/x")).toEqual({ page: "not-found" });
    expect(matchRoute("/pools/%E0%A4%A")).toEqual({ page: "not-found" });
  });
});
