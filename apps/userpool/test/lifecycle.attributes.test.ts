/**
 * Attributes and account removal through the AWS SDK v3: UpdateUserAttributes (with and without
 * AttributesRequireVerificationBeforeUpdate), GetUserAttributeVerificationCode, VerifyUserAttribute
 * (codes bound to the address, 24 h to the second), (Admin)DeleteUserAttributes, DeleteUser.
 */
import {
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import {
  STRICT_CLIENT_ID,
  STRICT_POOL_ID,
  adminAt,
  confirmedUser,
  passwordSignIn,
  rejection,
  startOn,
  type EngineUserpool,
} from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";

const attrs = (list: { Name?: string | undefined; Value?: string | undefined }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

describe.each(testEngines())("attributes on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });
  const admin = () => adminAt(up.url, clock);
  const getUser = async (t: string) =>
    attrs((await up.anon.send(new GetUserCommand({ AccessToken: t }))).UserAttributes);

  it(
    "without verification-before-update: a new e-mail applies at once, " + "unverified, and a code to it verifies it",
    async () => {
      const { email, password } = await confirmedUser(up);
      const t = await passwordSignIn(up, email, password);
      const next = uniqueEmail("moved");
      const r = await up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributes: [
            { Name: "email", Value: next },
            { Name: "given_name", Value: "Grace" },
          ],
        }),
      );
      expect(r.CodeDeliveryDetailsList).toEqual([
        { Destination: `${next[0]}***@e***`, DeliveryMedium: "EMAIL", AttributeName: "email" },
      ]);
      expect(await getUser(t.AccessToken!)).toMatchObject({
        email: next,
        email_verified: "false",
        given_name: "Grace",
      });
      // E-mail is the username here: the new address signs in, the old one no longer does.
      await expect(passwordSignIn(up, email, password)).rejects.toMatchObject({ name: "NotAuthorizedException" });
      const t2 = await passwordSignIn(up, next, password);
      expect((await latestMessage(up.url, next)).text).toMatch(/your code is \d{6}/);
      await expect(
        up.anon.send(
          new VerifyUserAttributeCommand({ AccessToken: t2.AccessToken!, AttributeName: "email", Code: "000000" }),
        ),
      ).rejects.toMatchObject({
        name: "CodeMismatchException",
      });
      await up.anon.send(
        new VerifyUserAttributeCommand({
          AccessToken: t2.AccessToken!,
          AttributeName: "email",
          Code: await latestCode(up.url, next),
        }),
      );
      expect(await getUser(t2.AccessToken!)).toMatchObject({ email: next, email_verified: "true" });
    },
  );

  it(
    "with AttributesRequireVerificationBeforeUpdate: " + "the old address stays in force until the new one is verified",
    async () => {
      const { email, password } = await confirmedUser(up, { clientId: STRICT_CLIENT_ID });
      const t = await passwordSignIn(up, email, password, STRICT_CLIENT_ID);
      const next = uniqueEmail("pending");
      const r = await up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributes: [
            { Name: "email", Value: next },
            { Name: "family_name", Value: "Hopper" },
          ],
        }),
      );
      expect(r.CodeDeliveryDetailsList?.[0]?.Destination).toBe(`${next[0]}***@e***`);
      // Other attributes change at once; the e-mail does not.
      expect(await getUser(t.AccessToken!)).toMatchObject({ email, email_verified: "true", family_name: "Hopper" });
      const stillOld = await passwordSignIn(up, email, password, STRICT_CLIENT_ID);
      expect(decodeJwt(stillOld.IdToken!)).toMatchObject({ email, email_verified: true });
      await expect(passwordSignIn(up, next, password, STRICT_CLIENT_ID)).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });

      await up.anon.send(
        new VerifyUserAttributeCommand({
          AccessToken: t.AccessToken!,
          AttributeName: "email",
          Code: await latestCode(up.url, next),
        }),
      );
      expect(await getUser(t.AccessToken!)).toMatchObject({ email: next, email_verified: "true" });
      const moved = await passwordSignIn(up, next, password, STRICT_CLIENT_ID);
      expect(decodeJwt(moved.IdToken!)).toMatchObject({ email: next, email_verified: true });
      await expect(passwordSignIn(up, email, password, STRICT_CLIENT_ID)).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
      expect(
        (
          await up.anon.send(
            new GetTokensFromRefreshTokenCommand({ ClientId: STRICT_CLIENT_ID, RefreshToken: t.RefreshToken! }),
          )
        ).AuthenticationResult,
      ).toBeTruthy();
    },
  );

  it("a code verifies only the address it was sent to; only the newest code works", async () => {
    const { email, password } = await confirmedUser(up, { clientId: STRICT_CLIENT_ID });
    const t = await passwordSignIn(up, email, password, STRICT_CLIENT_ID);
    const [a, b] = [uniqueEmail("first"), uniqueEmail("second")];
    await up.anon.send(
      new UpdateUserAttributesCommand({ AccessToken: t.AccessToken!, UserAttributes: [{ Name: "email", Value: a }] }),
    );
    const codeA = await latestCode(up.url, a);
    await up.anon.send(
      new UpdateUserAttributesCommand({ AccessToken: t.AccessToken!, UserAttributes: [{ Name: "email", Value: b }] }),
    );
    const codeB = await latestCode(up.url, b);
    if (codeA !== codeB) {
      await expect(
        up.anon.send(
          new VerifyUserAttributeCommand({ AccessToken: t.AccessToken!, AttributeName: "email", Code: codeA }),
        ),
      ).rejects.toMatchObject({
        name: "CodeMismatchException",
      });
    }
    // GetUserAttributeVerificationCode re-sends for the waiting address; the previous code dies.
    const again = await up.anon.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken: t.AccessToken!, AttributeName: "email" }),
    );
    expect(again.CodeDeliveryDetails?.Destination).toBe(`${b[0]}***@e***`);
    const codeB2 = await latestCode(up.url, b);
    if (codeB2 !== codeB) {
      await expect(
        up.anon.send(
          new VerifyUserAttributeCommand({ AccessToken: t.AccessToken!, AttributeName: "email", Code: codeB }),
        ),
      ).rejects.toMatchObject({
        name: "CodeMismatchException",
      });
    }
    await up.anon.send(
      new VerifyUserAttributeCommand({ AccessToken: t.AccessToken!, AttributeName: "email", Code: codeB2 }),
    );
    expect(await getUser(t.AccessToken!)).toMatchObject({ email: b, email_verified: "true" });
  });

  it("a verification code lives 24 hours to the second (−1 s works, +1 s expired)", async () => {
    const users = [await confirmedUser(up), await confirmedUser(up)];
    const tokens = [];
    for (const u of users) {
      const t = await passwordSignIn(up, u.email, u.password);
      await admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: POOL_ID,
          Username: u.email,
          UserAttributes: [{ Name: "email_verified", Value: "false" }],
        }),
      );
      await up.anon.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: t.AccessToken!, AttributeName: "email" }),
      );
      tokens.push({ code: await latestCode(up.url, u.email), u });
    }
    const day = 86_400_000;
    clock.advance(day - 1000);
    try {
      // Fresh access tokens: the first ones expired after an hour.
      const t0 = await passwordSignIn(up, users[0]!.email, users[0]!.password);
      await up.anon.send(
        new VerifyUserAttributeCommand({ AccessToken: t0.AccessToken!, AttributeName: "email", Code: tokens[0]!.code }),
      );
      clock.advance(2000);
      const t1 = await passwordSignIn(up, users[1]!.email, users[1]!.password);
      await expect(
        up.anon.send(
          new VerifyUserAttributeCommand({
            AccessToken: t1.AccessToken!,
            AttributeName: "email",
            Code: tokens[1]!.code,
          }),
        ),
      ).rejects.toMatchObject({
        name: "ExpiredCodeException",
      });
    } finally {
      clock.advance(-(day + 1000));
    }
  });

  it("refuses another user's address, unwritable attributes and the verified flags", async () => {
    const a = await confirmedUser(up);
    const b = await confirmedUser(up);
    const t = await passwordSignIn(up, a.email, a.password);
    await expect(
      up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributes: [{ Name: "email", Value: b.email.toUpperCase() }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "AliasExistsException",
    });
    const sa = await confirmedUser(up, { clientId: STRICT_CLIENT_ID });
    const sb = await confirmedUser(up, { clientId: STRICT_CLIENT_ID });
    const st = await passwordSignIn(up, sa.email, sa.password, STRICT_CLIENT_ID);
    await expect(
      up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: st.AccessToken!,
          UserAttributes: [{ Name: "email", Value: sb.email }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "AliasExistsException",
    });
    await expect(
      up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributes: [{ Name: "email_verified", Value: "true" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await expect(
      up.anon.send(
        new UpdateUserAttributesCommand({ AccessToken: t.AccessToken!, UserAttributes: [{ Name: "sub", Value: "x" }] }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
    });

    const limited = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: POOL_ID,
        ClientName: "limited",
        WriteAttributes: ["given_name"],
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const lt = await passwordSignIn(up, a.email, a.password, limited.UserPoolClient!.ClientId!);
    await up.anon.send(
      new UpdateUserAttributesCommand({
        AccessToken: lt.AccessToken!,
        UserAttributes: [{ Name: "given_name", Value: "Ok" }],
      }),
    );
    await expect(
      up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: lt.AccessToken!,
          UserAttributes: [{ Name: "family_name", Value: "No" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await expect(
      up.anon.send(
        new DeleteUserAttributesCommand({ AccessToken: lt.AccessToken!, UserAttributeNames: ["custom:tenant"] }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it(
    "AdminUpdateUserAttributes follows the pool: " +
      "a new address waits for its code, unless the administrator marks it verified",
    async () => {
      const u = await confirmedUser(up, { clientId: STRICT_CLIENT_ID });
      const next = uniqueEmail("adminpending");
      await admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: STRICT_POOL_ID,
          Username: u.email,
          UserAttributes: [{ Name: "email", Value: next }],
        }),
      );
      expect(
        attrs(
          (await admin().send(new AdminGetUserCommand({ UserPoolId: STRICT_POOL_ID, Username: u.email })))
            .UserAttributes,
        ),
      ).toMatchObject({ email: u.email });
      expect((await latestMessage(up.url, next)).text).toMatch(/code is \d{6}/);
      const direct = uniqueEmail("admindirect");
      await admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: STRICT_POOL_ID,
          Username: u.email,
          UserAttributes: [
            { Name: "email", Value: direct },
            { Name: "email_verified", Value: "true" },
          ],
        }),
      );
      expect(
        attrs(
          (await admin().send(new AdminGetUserCommand({ UserPoolId: STRICT_POOL_ID, Username: direct })))
            .UserAttributes,
        ),
      ).toMatchObject({ email: direct, email_verified: "true" });
      // The address that was waiting is gone with it: its code no longer verifies anything.
      const t = await passwordSignIn(up, direct, u.password, STRICT_CLIENT_ID);
      await expect(
        up.anon.send(
          new VerifyUserAttributeCommand({
            AccessToken: t.AccessToken!,
            AttributeName: "email",
            Code: await latestCode(up.url, next),
          }),
        ),
      ).rejects.toMatchObject({
        name: "CodeMismatchException",
      });
      expect(await getUser(t.AccessToken!)).toMatchObject({ email: direct });
    },
  );

  it(
    "DeleteUserAttributes and AdminDeleteUserAttributes: " +
      "optional attributes go; sub and the username attribute stay",
    async () => {
      const { email, password } = await confirmedUser(up);
      const t = await passwordSignIn(up, email, password);
      await up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributes: [
            { Name: "given_name", Value: "A" },
            { Name: "custom:tenant", Value: "acme" },
            { Name: "locale", Value: "en" },
          ],
        }),
      );
      await up.anon.send(
        new DeleteUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributeNames: ["given_name", "custom:tenant"],
        }),
      );
      const now = await getUser(t.AccessToken!);
      expect(now.given_name).toBeUndefined();
      expect(now["custom:tenant"]).toBeUndefined();
      expect(now.locale).toBe("en");
      for (const name of ["email", "sub", "custom:nope"]) {
        expect(
          await rejection(
            up.anon.send(new DeleteUserAttributesCommand({ AccessToken: t.AccessToken!, UserAttributeNames: [name] })),
          ),
        ).toMatchObject({ name: "InvalidParameterException" });
      }
      await admin().send(
        new AdminDeleteUserAttributesCommand({ UserPoolId: POOL_ID, Username: email, UserAttributeNames: ["locale"] }),
      );
      expect((await getUser(t.AccessToken!)).locale).toBeUndefined();
    },
  );

  it("DeleteUser removes the account: its tokens stop working and the address can sign up again", async () => {
    const { email, password } = await confirmedUser(up);
    const t = await passwordSignIn(up, email, password);
    await up.anon.send(new DeleteUserCommand({ AccessToken: t.AccessToken! }));
    await expect(up.anon.send(new GetUserCommand({ AccessToken: t.AccessToken! }))).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    await expect(
      up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: t.RefreshToken! })),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(admin().send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).rejects.toMatchObject(
      { name: "UserNotFoundException" },
    );
    const again = await confirmedUser(up, { email, password });
    expect(again.sub).not.toBe(decodeJwt(t.AccessToken!).sub);
  });
});
