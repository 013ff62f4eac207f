/**
 * Groups through the AWS SDK v3 (CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup,
 * AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup) and
 * `cognito:groups` in both tokens, checked with aws-jwt-verify.
 */
import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GetTokensFromRefreshTokenCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { srpSignIn } from "./support/signIn.js";
import { STRICT_POOL_ID, confirmedUser, passwordSignIn, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID } from "./support/userpool.js";

const ROLE = "arn:aws:iam::123456789012:role/authhub-admins";

describe.each(testEngines())("groups on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startOn(engine);
  });
  afterAll(async () => {
    await up?.stop();
  });

  it("a description holding U+0000 is refused with InvalidParameterException, at create and at update", async () => {
    const bad = "before\u0000after";
    const created = await up.admin
      .send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "nul-create", Description: bad }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect([created?.name, created?.message]).toEqual(["InvalidParameterException", expect.stringContaining("U+0000")]);
    await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "nul-update", Description: "ok" }));
    const updated = await up.admin
      .send(new UpdateGroupCommand({ UserPoolId: POOL_ID, GroupName: "nul-update", Description: bad }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(updated?.name).toBe("InvalidParameterException");
    const kept = await up.admin.send(new GetGroupCommand({ UserPoolId: POOL_ID, GroupName: "nul-update" }));
    expect(kept.Group?.Description).toBe("ok");
    await up.admin.send(new DeleteGroupCommand({ UserPoolId: POOL_ID, GroupName: "nul-update" }));
  });

  it("create, get, update, list with pagination, delete; names are unique per pool and case sensitive", async () => {
    const created = await up.admin.send(
      new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "editors", Description: "Can edit", Precedence: 5 }),
    );
    expect(created.Group).toMatchObject({
      GroupName: "editors",
      UserPoolId: POOL_ID,
      Description: "Can edit",
      Precedence: 5,
    });
    expect(created.Group!.CreationDate).toBeInstanceOf(Date);
    await expect(
      up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "editors" })),
    ).rejects.toMatchObject({ name: "GroupExistsException" });
    await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "Editors" }));
    // Same name in another pool is another group.
    await up.admin.send(new CreateGroupCommand({ UserPoolId: STRICT_POOL_ID, GroupName: "editors" }));

    const updated = await up.admin.send(
      new UpdateGroupCommand({ UserPoolId: POOL_ID, GroupName: "editors", RoleArn: ROLE, Precedence: 2 }),
    );
    expect(updated.Group).toMatchObject({ GroupName: "editors", RoleArn: ROLE, Precedence: 2 });
    // Omitted members return to their defaults (API reference, UpdateGroup).
    expect(updated.Group?.Description).toBeUndefined();
    expect(
      (await up.admin.send(new GetGroupCommand({ UserPoolId: POOL_ID, GroupName: "editors" }))).Group,
    ).toMatchObject({ RoleArn: ROLE, Precedence: 2 });

    for (const n of ["g-a", "g-b", "g-c"])
      await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: n }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await up.admin.send(
        new ListGroupsCommand({ UserPoolId: POOL_ID, Limit: 2, ...(token ? { NextToken: token } : {}) }),
      );
      names.push(...page.Groups!.map((g) => g.GroupName!));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(["Editors", "editors", "g-a", "g-b", "g-c"]);

    await up.admin.send(new DeleteGroupCommand({ UserPoolId: POOL_ID, GroupName: "g-c" }));
    await expect(up.admin.send(new GetGroupCommand({ UserPoolId: POOL_ID, GroupName: "g-c" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(
      up.admin.send(new DeleteGroupCommand({ UserPoolId: POOL_ID, GroupName: "g-c" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      up.admin.send(new UpdateGroupCommand({ UserPoolId: POOL_ID, GroupName: "g-c" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "bad", RoleArn: "not-an-arn" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("membership: add (idempotent), list both ways, remove; unknown users and groups are refused", async () => {
    await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "members", Precedence: 10 }));
    await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "others" }));
    const a = await confirmedUser(up);
    const b = await confirmedUser(up);
    for (const u of [a, b, a])
      await up.admin.send(
        new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: u.email, GroupName: "members" }),
      );
    await up.admin.send(
      new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: a.email, GroupName: "others" }),
    );

    const forA = await up.admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: a.email, Limit: 1 }),
    );
    const forA2 = await up.admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: a.email, NextToken: forA.NextToken! }),
    );
    expect([...forA.Groups!, ...forA2.Groups!].map((g) => g.GroupName)).toEqual(["members", "others"]);
    expect(forA2.NextToken).toBeUndefined();

    const users = await up.admin.send(new ListUsersInGroupCommand({ UserPoolId: POOL_ID, GroupName: "members" }));
    expect(users.Users!.map((u) => u.Username).sort()).toEqual([a.sub, b.sub].sort());
    expect(users.Users![0]).toMatchObject({ Enabled: true, UserStatus: "CONFIRMED" });

    await up.admin.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: POOL_ID, Username: b.email, GroupName: "members" }),
    );
    expect(
      (await up.admin.send(new ListUsersInGroupCommand({ UserPoolId: POOL_ID, GroupName: "members" }))).Users!.map(
        (u) => u.Username,
      ),
    ).toEqual([a.sub]);

    await expect(
      up.admin.send(
        new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: "nobody@example.com", GroupName: "members" }),
      ),
    ).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    await expect(
      up.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: a.email, GroupName: "nope" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      up.admin.send(new ListUsersInGroupCommand({ UserPoolId: POOL_ID, GroupName: "nope" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it(
    "cognito:groups appears in both tokens (sign-in and refresh), " +
      "ordered by precedence; roles only in the ID token; removal shows at the next token",
    async () => {
      await up.admin.send(
        new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "admins", Precedence: 1, RoleArn: ROLE }),
      );
      await up.admin.send(new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "readers", Precedence: 20 }));
      const { email, password, sub } = await confirmedUser(up);
      const before = await passwordSignIn(up, email, password);
      expect(decodeJwt(before.IdToken!)["cognito:groups"]).toBeUndefined();
      expect(decodeJwt(before.AccessToken!)["cognito:groups"]).toBeUndefined();

      for (const g of ["readers", "admins"])
        await up.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: email, GroupName: g }));
      const srp = (await srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password }))
        .AuthenticationResult!;
      // aws-jwt-verify checks signature, issuer, audience and token_use;
      // the groups claim is then read from its payload.
      const verify = (tokenUse: "id" | "access", token: string) =>
        JwtVerifier.create(
          {
            issuer: up.issuer(POOL_ID),
            jwksUri: `${up.url}/${POOL_ID}/.well-known/jwks.json`,
            audience: tokenUse === "id" ? CLIENT_ID : null,
            customJwtCheck: ({ payload }) => {
              if (payload.token_use !== tokenUse) throw new Error(`expected token_use ${tokenUse}`);
            },
          },
          {
            jwksCache: new SimpleJwksCache({
              fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() },
            }),
          },
        ).verify(token);
      expect((await verify("id", srp.IdToken!))["cognito:groups"]).toEqual(["admins", "readers"]);
      expect((await verify("access", srp.AccessToken!))["cognito:groups"]).toEqual(["admins", "readers"]);
      const id = decodeJwt(srp.IdToken!);
      const access = decodeJwt(srp.AccessToken!);
      expect(id["cognito:groups"]).toEqual(["admins", "readers"]);
      expect(access["cognito:groups"]).toEqual(["admins", "readers"]);
      expect(id["cognito:roles"]).toEqual([ROLE]);
      expect(id["cognito:preferred_role"]).toBe(ROLE);
      expect(access["cognito:roles"]).toBeUndefined();
      expect(id.sub).toBe(sub);

      const refreshed = (
        await up.anon.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: srp.RefreshToken! }),
        )
      ).AuthenticationResult!;
      expect(decodeJwt(refreshed.AccessToken!)["cognito:groups"]).toEqual(["admins", "readers"]);

      await up.admin.send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: POOL_ID, Username: email, GroupName: "admins" }),
      );
      const after = (
        await up.anon.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: srp.RefreshToken! }),
        )
      ).AuthenticationResult!;
      expect(decodeJwt(after.IdToken!)["cognito:groups"]).toEqual(["readers"]);
      expect(decodeJwt(after.IdToken!)["cognito:roles"]).toBeUndefined();
      await up.admin.send(new DeleteGroupCommand({ UserPoolId: POOL_ID, GroupName: "readers" }));
      const none = (
        await up.anon.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: srp.RefreshToken! }),
        )
      ).AuthenticationResult!;
      expect(decodeJwt(none.AccessToken!)["cognito:groups"]).toBeUndefined();
    },
  );
});
