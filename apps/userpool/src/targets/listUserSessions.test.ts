import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { UserNotFoundException } from "../errors/cognitoErrors.js";
import { adminListUserSessions } from "./adminListUserSessions.js";
import { listUserSessions } from "./listUserSessions.js";

const p = pool();
const alice = user();
const PAGE = { Sessions: [], NextToken: "bmV4dA" };

describe("ListUserSessions", () => {
  it("lists the token's user's sessions, passing the token's origin as the current session", async () => {
    const list = vi.fn(async () => PAGE);
    const deps = fakeDeps(listUserSessions, {
      accessTokens: { authenticate: async () => signedIn(p, alice, { origin_jti: "origin-1" }) },
      sessions: { list },
    });
    expect(await listUserSessions.handle(deps, { AccessToken: "at", NextToken: "bmV4dA" }, ctx)).toEqual(PAGE);
    expect(list).toHaveBeenCalledWith(p, alice, "bmV4dA", "origin-1");
  });

  it("refuses a token without the aws.cognito.signin.user.admin scope", async () => {
    const list = vi.fn(async () => PAGE);
    const deps = fakeDeps(listUserSessions, {
      accessTokens: { authenticate: async () => signedIn(p, alice, { scope: "openid" }) },
      sessions: { list },
    });
    await expect(listUserSessions.handle(deps, { AccessToken: "at" }, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(list).not.toHaveBeenCalled();
  });

  it("refuses a NextToken with spaces in the protocol's shape", () => {
    expect(listUserSessions.input.safeParse({ AccessToken: "at", NextToken: "a b" }).success).toBe(false);
    expect(listUserSessions.input.safeParse({ AccessToken: "at", NextToken: "" }).success).toBe(false);
  });
});

describe("AdminListUserSessions", () => {
  it("lists the named user's sessions with no current session", async () => {
    const list = vi.fn(async () => PAGE);
    const deps = fakeDeps(adminListUserSessions, {
      pools: { getPool: async () => p },
      users: { get: async () => alice },
      sessions: { list },
    });
    expect(await adminListUserSessions.handle(deps, { UserPoolId: p.id, Username: "alice" }, ctx)).toEqual(PAGE);
    expect(list).toHaveBeenCalledWith(p, alice, undefined);
  });

  it("passes on UserNotFoundException for an unknown user", async () => {
    const deps = fakeDeps(adminListUserSessions, {
      pools: { getPool: async () => p },
      users: {
        get: async () => {
          throw new UserNotFoundException("User does not exist.");
        },
      },
      sessions: {},
    });
    await expect(
      adminListUserSessions.handle(deps, { UserPoolId: p.id, Username: "nobody" }, ctx),
    ).rejects.toMatchObject({ code: "UserNotFoundException" });
  });
});
