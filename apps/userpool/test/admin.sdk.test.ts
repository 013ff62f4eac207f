/**
 * Pool administration through the official AWS SDK v3 on every engine: AddCustomAttributes (and the new
 * attributes in SignUp, AdminCreateUser, UpdateUserAttributes and DescribeUserPool), UpdateUserPoolDomain.
 */
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
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

  it("AddCustomAttributes: the new attributes are in the schema and work for sign-up, admin creation and updates", async () => {
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

  it("UpdateUserPoolDomain: the managed login version and a custom domain's certificate change; nothing else", async () => {
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
});
