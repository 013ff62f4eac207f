/**
 * Pool administration through the official AWS SDK v3 on every engine: AddCustomAttributes (and the new
 * attributes in SignUp, AdminCreateUser, UpdateUserAttributes and DescribeUserPool), UpdateUserPoolDomain, client
 * secret rotation (Add/List/DeleteUserPoolClientSecret, with SECRET_HASH and GetTokensFromRefreshToken accepting
 * any live secret; the OAuth endpoints and hosted UI are in oauth/clientSecretRotation.test.ts), and tags on
 * user pool ARNs (Tag/UntagResource, ListTagsForResource; the same tags as UserPoolTags). Log delivery is in
 * logDelivery.sdk.test.ts.
 */
import {
  AddCustomAttributesCommand,
  AddUserPoolClientSecretCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientSecretsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { secretHash } from "./support/fakes.js";
import { GOOD_PASSWORD, startTestUserpoolOn, uniqueEmail, type EngineUserpool } from "./support/userpool.js";

describe.each(testEngines())("pool administration through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
  });
  afterAll(() => up?.stop());

  async function newPool(name: string) {
    const pool = (await up.admin.send(new CreateUserPoolCommand({ PoolName: name, UsernameAttributes: ["email"] })))
      .UserPool!;
    const client = (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.Id!,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!;
    return { poolId: pool.Id!, clientId: client.ClientId! };
  }

  it("AddCustomAttributes: new attributes are in the schema and work for sign-up, creation, updates", async () => {
    const { poolId, clientId } = await newPool("custom-attributes");
    await up.admin.send(
      new AddCustomAttributesCommand({
        UserPoolId: poolId,
        CustomAttributes: [
          { Name: "plan", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "8" } },
          { Name: "seats", AttributeDataType: "Number", Mutable: false },
        ],
      }),
    );
    const schema = (await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!
      .SchemaAttributes!;
    expect(schema.filter((a) => a.Name!.startsWith("custom:"))).toEqual([
      {
        Name: "custom:plan",
        AttributeDataType: "String",
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MaxLength: "8" },
      },
      {
        Name: "custom:seats",
        AttributeDataType: "Number",
        DeveloperOnlyAttribute: false,
        Mutable: false,
        Required: false,
      },
    ]);

    const signedUp = uniqueEmail("ca");
    await up.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: signedUp,
        Password: GOOD_PASSWORD,
        UserAttributes: [
          { Name: "email", Value: signedUp },
          { Name: "custom:plan", Value: "pro" },
          { Name: "custom:seats", Value: "3" },
        ],
      }),
    );
    const attrs = async (username: string) =>
      (await up.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!;
    expect(await attrs(signedUp)).toEqual(
      expect.arrayContaining([
        { Name: "custom:plan", Value: "pro" },
        { Name: "custom:seats", Value: "3" },
      ]),
    );
    // The constraint given to AddCustomAttributes is enforced.
    await expect(
      up.anon.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: uniqueEmail("ca"),
          Password: GOOD_PASSWORD,
          UserAttributes: [{ Name: "custom:plan", Value: "enterprise" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });

    const created = uniqueEmail("ca");
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: created,
        TemporaryPassword: GOOD_PASSWORD,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: created },
          { Name: "custom:plan", Value: "team" },
        ],
      }),
    );
    expect(await attrs(created)).toEqual(expect.arrayContaining([{ Name: "custom:plan", Value: "team" }]));

    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: created,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    const tokens = (
      await up.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: created, PASSWORD: GOOD_PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    await up.anon.send(
      new UpdateUserAttributesCommand({
        AccessToken: tokens.AccessToken!,
        UserAttributes: [{ Name: "custom:plan", Value: "free" }],
      }),
    );
    expect(await attrs(created)).toEqual(expect.arrayContaining([{ Name: "custom:plan", Value: "free" }]));
    // custom:seats was added with Mutable false: set at creation only.
    await expect(
      up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: tokens.AccessToken!,
          UserAttributes: [{ Name: "custom:seats", Value: "9" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Cannot modify an immutable attribute: custom:seats",
    });

    await expect(
      up.admin.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "plan" }] })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Existing attribute already has name custom:plan.",
    });
    await expect(
      up.admin.send(
        new AddCustomAttributesCommand({ UserPoolId: "us-east-1_Nope00000", CustomAttributes: [{ Name: "x" }] }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("UpdateUserPoolDomain: the login version and a custom domain's certificate change, nothing else", async () => {
    const { poolId } = await newPool("domain-update");
    const prefix = `upd-${engine.name}-${Date.now().toString(36)}`;
    await up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    expect(
      await up.admin.send(
        new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 2 }),
      ),
    ).toMatchObject({ ManagedLoginVersion: 2 });
    const described = async (Domain: string) =>
      (await up.admin.send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription!;
    expect(await described(prefix)).toMatchObject({ Domain: prefix, ManagedLoginVersion: 2 });
    // A prefix domain has no certificate to replace.
    await expect(
      up.admin.send(
        new UpdateUserPoolDomainCommand({
          UserPoolId: poolId,
          Domain: prefix,
          CustomDomainConfig: { CertificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/a" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("prefix domain") });
    // The name is not something UpdateUserPoolDomain changes: another name is not this pool's domain.
    await expect(
      up.admin.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `${prefix}-x` })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      up.admin.send(
        new UpdateUserPoolDomainCommand({
          UserPoolId: poolId,
          Domain: prefix,
          Routing: { Failover: { SecondaryRegion: "us-west-2" } } as never,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("Routing") });
    // Left out, the version stays as it was.
    expect(await up.admin.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }))).toMatchObject({
      ManagedLoginVersion: 2,
    });

    const { poolId: customPool } = await newPool("custom-domain-update");
    const custom = `auth-${engine.name}-${Date.now().toString(36)}.example.com`;
    await up.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: customPool,
        Domain: custom,
        CustomDomainConfig: { CertificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/old" },
      }),
    );
    const NEW = { CertificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/new" };
    const res = await up.admin.send(
      new UpdateUserPoolDomainCommand({ UserPoolId: customPool, Domain: custom, CustomDomainConfig: NEW }),
    );
    expect(res.ManagedLoginVersion).toBe(1);
    expect(res.CloudFrontDomain).toBe((await described(custom)).CloudFrontDistribution);
    expect(await described(custom)).toMatchObject({ Domain: custom, CustomDomainConfig: NEW, ManagedLoginVersion: 1 });
  });

  it("client secret rotation: two live secrets at most, each one signs, the last one stays", async () => {
    const { poolId } = await newPool("secret-rotation");
    const client = (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "confidential",
          GenerateSecret: true,
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!;
    const clientId = client.ClientId!;
    const first = client.ClientSecret!;
    const ids = { UserPoolId: poolId, ClientId: clientId };
    const listed = async () => (await up.admin.send(new ListUserPoolClientSecretsCommand(ids))).ClientSecrets!;
    const [original] = await listed();
    expect(original).toEqual({
      ClientSecretId: expect.stringMatching(new RegExp(`^${clientId}--\\d+$`)),
      ClientSecretCreateDate: expect.any(Date),
    });
    expect(original).not.toHaveProperty("ClientSecretValue");

    const added = (await up.admin.send(new AddUserPoolClientSecretCommand(ids))).ClientSecretDescriptor!;
    const second = added.ClientSecretValue!;
    expect(second).toMatch(/^[\w+]{24,64}$/);
    expect(second).not.toBe(first);
    expect((await listed()).map((d) => d.ClientSecretId)).toEqual([original!.ClientSecretId, added.ClientSecretId]);
    await expect(
      up.admin.send(new AddUserPoolClientSecretCommand({ ...ids, ClientSecret: "x".repeat(30) })),
    ).rejects.toMatchObject({ name: "LimitExceededException" });

    const email = uniqueEmail("rot");
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: email }],
      }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    const signIn = (secret: string) =>
      up.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: {
            USERNAME: email,
            PASSWORD: GOOD_PASSWORD,
            SECRET_HASH: secretHash(secret, email, clientId),
          },
        }),
      );
    const refresh = (RefreshToken: string, ClientSecret: string) =>
      up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken, ClientSecret }));
    // Either live secret signs a SECRET_HASH and authenticates a refresh.
    const byFirst = (await signIn(first)).AuthenticationResult!;
    const bySecond = (await signIn(second)).AuthenticationResult!;
    expect(bySecond.AccessToken).toBeTruthy();
    expect((await refresh(byFirst.RefreshToken!, second)).AuthenticationResult?.AccessToken).toBeTruthy();
    // DescribeUserPoolClient shows the oldest live secret (ADR 0024).
    expect((await up.admin.send(new DescribeUserPoolClientCommand(ids))).UserPoolClient!.ClientSecret).toBe(first);

    await up.admin.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: original!.ClientSecretId! }));
    await expect(signIn(first)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${clientId}`,
    });
    await expect(refresh(bySecond.RefreshToken!, first)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    expect((await signIn(second)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await up.admin.send(new DescribeUserPoolClientCommand(ids))).UserPoolClient!.ClientSecret).toBe(second);

    // The last secret stays; an unknown ID is not found.
    await expect(
      up.admin.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: added.ClientSecretId! })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("last secret") });
    await expect(
      up.admin.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: original!.ClientSecretId! })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });

    // A secret the caller gives is not echoed, and works.
    const own = "own_secret_0123456789abcdefghij";
    const ownAdded = (await up.admin.send(new AddUserPoolClientSecretCommand({ ...ids, ClientSecret: own })))
      .ClientSecretDescriptor!;
    expect(ownAdded).not.toHaveProperty("ClientSecretValue");
    expect((await signIn(own)).AuthenticationResult?.AccessToken).toBeTruthy();

    // Public clients have no secret to rotate.
    const { clientId: publicId } = await newPool("secret-rotation-public");
    const pub = (await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "public" })))
      .UserPoolClient!;
    await expect(
      up.admin.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: pub.ClientId! })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("confidential") });
    // A client of another pool is not found through this one.
    await expect(
      up.admin.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: publicId })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("tags: UserPoolTags and TagResource are the same tags, on the pool's ARN only", async () => {
    const pool = (
      await up.admin.send(new CreateUserPoolCommand({ PoolName: "tagged", UserPoolTags: { team: "auth" } }))
    ).UserPool!;
    const ResourceArn = pool.Arn!;
    const tags = async () => (await up.admin.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags;
    expect(await tags()).toEqual({ team: "auth" });
    await up.admin.send(new TagResourceCommand({ ResourceArn, Tags: { env: "dev", team: "identity" } }));
    expect(await tags()).toEqual({ team: "identity", env: "dev" });
    const described = async () =>
      (await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id! }))).UserPool!.UserPoolTags;
    expect(await described()).toEqual({ team: "identity", env: "dev" });
    await up.admin.send(new UntagResourceCommand({ ResourceArn, TagKeys: ["team", "absent"] }));
    expect(await tags()).toEqual({ env: "dev" });
    await up.admin.send(new UntagResourceCommand({ ResourceArn, TagKeys: ["env"] }));
    expect(await tags()).toEqual({});

    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `${i}`]));
    await up.admin.send(new TagResourceCommand({ ResourceArn, Tags: many }));
    await expect(up.admin.send(new TagResourceCommand({ ResourceArn, Tags: { one: "more" } }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "A user pool can have at most 50 tags; these would be 51.",
    });
    await expect(
      up.admin.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id!, UserPoolTags: { ...many, one: "more" } })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    expect(Object.keys((await tags()) ?? {})).toHaveLength(50);

    for (const arn of [
      ResourceArn.replace(pool.Id!, "us-east-1_Nope00000"),
      ResourceArn.replace(":000000000000:", ":123456789012:"),
      ResourceArn.replace("us-east-1:", "eu-west-1:"),
    ])
      await expect(up.admin.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
    await expect(
      up.admin.send(new TagResourceCommand({ ResourceArn, Tags: { ["k".repeat(129)]: "v" } })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
