import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { adminRevokeUserSession } from "./adminRevokeUserSession.js";
import { revokeUserSession } from "./revokeUserSession.js";

const p = pool();
const alice = user();
const ID = "tkn0123456789abcdefghijklmno";

describe("RevokeUserSession", () => {
  it("revokes the session for the token's user, never the token's own session", async () => {
    const revoke = vi.fn(async () => {});
    const deps = fakeDeps(revokeUserSession, {
      accessTokens: { authenticate: async () => signedIn(p, alice, { origin_jti: "origin-1" }) },
      sessions: { revoke },
    });
    expect(
      await revokeUserSession.handle(deps, { AccessToken: "at", SessionId: ID, RevokeAssociatedSessions: "NONE" }, ctx),
    ).toEqual({});
    expect(revoke).toHaveBeenCalledWith(p, alice, ID, { revokeAssociated: "NONE", currentOrigin: "origin-1" });
  });

  it.each([
    ["a malformed SessionId", { SessionId: "tkn-short" }],
    ["an upper-case SessionId", { SessionId: ID.toUpperCase() }],
    ["an unknown RevokeAssociatedSessions", { SessionId: ID, RevokeAssociatedSessions: "ALL" }],
  ])("refuses %s in the protocol's shape", (_, input) => {
    expect(revokeUserSession.input.safeParse({ AccessToken: "at", ...input }).success).toBe(false);
  });
});

describe("AdminRevokeUserSession", () => {
  it("revokes the named user's session, with no current session to spare", async () => {
    const revoke = vi.fn(async () => {});
    const deps = fakeDeps(adminRevokeUserSession, {
      pools: { getPool: async () => p },
      users: { get: async () => alice },
      sessions: { revoke },
    });
    expect(
      await adminRevokeUserSession.handle(deps, { UserPoolId: p.id, Username: "alice", SessionId: ID }, ctx),
    ).toEqual({});
    expect(revoke).toHaveBeenCalledWith(p, alice, ID, {});
  });
});
