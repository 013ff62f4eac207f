/**
 * Describe* answers compared member by member with Cognito's documented shapes (API reference:
 * "UserPoolType", "UserPoolClientType", "DomainDescriptionType", "GetUserPoolMfaConfig"), for a default
 * pool and a configured one, and the settings this server refuses by name, through the official SDK.
 */
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

/** Every UserPoolType member a pool created with only its name shows (Cognito's defaults). */
const DEFAULT_POOL_MEMBERS = [
  "AdminCreateUserConfig",
  "Arn",
  "AutoVerifiedAttributes",
  "CreationDate",
  "DeletionProtection",
  "EmailConfiguration",
  "EmailVerificationMessage",
  "EmailVerificationSubject",
  "EstimatedNumberOfUsers",
  "Id",
  "LambdaConfig",
  "LastModifiedDate",
  "MfaConfiguration",
  "Name",
  "Policies",
  "SchemaAttributes",
  "Status",
  "UserAttributeUpdateSettings",
  "UserPoolTier",
  "UsernameConfiguration",
  "VerificationMessageTemplate",
];

describe.each(testEngines())("Describe* shapes on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
  });
  afterAll(async () => {
    await up?.stop();
  });

  const describePool = async (id: string): Promise<UserPoolType> =>
    (await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  it("DescribeUserPool of a default pool has every member Cognito fills in, with its defaults", async () => {
    const created = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "default-shape" }))).UserPool!;
    const pool = await describePool(created.Id!);
    expect(Object.keys(pool).sort()).toEqual(DEFAULT_POOL_MEMBERS);
    expect(Object.keys(created).sort()).toEqual(DEFAULT_POOL_MEMBERS);
    expect(pool).toMatchObject({
      Name: "default-shape",
      Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${created.Id}`,
      DeletionProtection: "INACTIVE",
      MfaConfiguration: "OFF",
      EstimatedNumberOfUsers: 0,
      LambdaConfig: {},
      AutoVerifiedAttributes: [],
      EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: false,
        UnusedAccountValidityDays: 7,
        InviteMessageTemplate: {
          EmailMessage: "Your username is {username} and temporary password is {####}. ",
          EmailSubject: "Your temporary password",
        },
      },
      UsernameConfiguration: { CaseSensitive: false },
      UserPoolTier: "ESSENTIALS",
      VerificationMessageTemplate: {
        DefaultEmailOption: "CONFIRM_WITH_CODE",
        EmailMessage: "Your verification code is {####}. ",
        EmailSubject: "Your verification code",
      },
    });
    expect(pool.Policies).toEqual({
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 7,
      },
      SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] },
    });
    expect(pool.CreationDate).toBeInstanceOf(Date);
    expect(pool.LastModifiedDate).toBeInstanceOf(Date);
    expect(pool.SchemaAttributes?.map((a) => a.Name)).toContain("email");
  });

  it("DescribeUserPool of a configured pool shows what was set, and its domain once it has one", async () => {
    const created = (
      await up.admin.send(
        new CreateUserPoolCommand({
          PoolName: "configured-shape",
          UsernameAttributes: ["email"],
          AutoVerifiedAttributes: ["email"],
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
          EmailConfiguration: { From: "Authhub <no-reply@example.com>", ReplyToEmailAddress: "help@example.com" },
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          Policies: { PasswordPolicy: { MinimumLength: 10, TemporaryPasswordValidityDays: 3 } },
          AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
          UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
          UserPoolTags: { team: "auth" },
          DeletionProtection: "ACTIVE",
        }),
      )
    ).UserPool!;
    const id = created.Id!;
    let pool = await describePool(id);
    expect(Object.keys(pool).sort()).toEqual(
      [
        ...DEFAULT_POOL_MEMBERS,
        "AccountRecoverySetting",
        "DeviceConfiguration",
        "UserPoolAddOns",
        "UserPoolTags",
        "UsernameAttributes",
      ].sort(),
    );
    expect(pool).toMatchObject({
      UsernameAttributes: ["email"],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
      EmailConfiguration: {
        EmailSendingAccount: "COGNITO_DEFAULT",
        From: "Authhub <no-reply@example.com>",
        ReplyToEmailAddress: "help@example.com",
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 3 },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
      UserPoolTags: { team: "auth" },
      DeletionProtection: "ACTIVE",
    });
    expect(pool.Domain).toBeUndefined();

    await up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "configured-shape-auth" }));
    pool = await describePool(id);
    expect(pool.Domain).toBe("configured-shape-auth");
    expect(pool.CustomDomain).toBeUndefined();

    await up.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: id, Domain: "configured-shape-auth" }));
    await up.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: id,
        Domain: "auth.configured-shape.example.com",
        CustomDomainConfig: { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" },
      }),
    );
    pool = await describePool(id);
    expect(pool.CustomDomain).toBe("auth.configured-shape.example.com");
    expect(pool.Domain).toBeUndefined();
  });

  it("a DescribeUserPool answer can be sent back as UpdateUserPool", async () => {
    const { Id } = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "round-trip" }))).UserPool!;
    const p = await describePool(Id!);
    await up.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: Id!,
        Policies: p.Policies,
        EmailConfiguration: p.EmailConfiguration,
        UserAttributeUpdateSettings: p.UserAttributeUpdateSettings,
        AdminCreateUserConfig: p.AdminCreateUserConfig,
        VerificationMessageTemplate: p.VerificationMessageTemplate,
        DeletionProtection: p.DeletionProtection,
        UserPoolTier: p.UserPoolTier,
      }),
    );
    const again = await describePool(Id!);
    const { LastModifiedDate: _a, ...before } = p;
    const { LastModifiedDate: _b, ...after } = again;
    expect(after).toEqual(before);
  });

  it("DescribeUserPoolClient of a default client has every UserPoolClientType member Cognito fills in", async () => {
    const { Id } = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "client-shape" }))).UserPool!;
    const created = (await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: Id!, ClientName: "app" })))
      .UserPoolClient!;
    const c = (await up.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: Id!, ClientId: created.ClientId! })))
      .UserPoolClient!;
    expect(c).toEqual({
      UserPoolId: Id,
      ClientName: "app",
      ClientId: created.ClientId,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
      RefreshTokenValidity: 30,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: "LEGACY",
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });
    expect(created).toEqual(c);
  });

  it("DescribeUserPoolClient of a configured client shows every member it was given", async () => {
    const { Id } = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "client-configured" }))).UserPool!;
    const settings: Omit<CreateUserPoolClientCommandInput, "UserPoolId"> = {
      ClientName: "web",
      RefreshTokenValidity: 7,
      AccessTokenValidity: 2,
      IdTokenValidity: 2,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      ReadAttributes: ["email"],
      WriteAttributes: ["email"],
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      SupportedIdentityProviders: ["COGNITO"],
      CallbackURLs: ["https://app.example.com/cb"],
      LogoutURLs: ["https://app.example.com/"],
      DefaultRedirectURI: "https://app.example.com/cb",
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      AllowedOAuthFlowsUserPoolClient: true,
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 5,
      RefreshTokenRotation: { Feature: "DISABLED" },
    };
    const created = (await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: Id!, ...settings })))
      .UserPoolClient!;
    const c = (await up.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: Id!, ClientId: created.ClientId! })))
      .UserPoolClient!;
    expect(c).toEqual({
      UserPoolId: Id,
      ClientId: created.ClientId,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
      ...settings,
    });
  });

  it("DescribeUserPoolDomain, DescribeResourceServer and DescribeIdentityProvider have Cognito's members", async () => {
    const { Id } = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "oauth-shapes" }))).UserPool!;
    await up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: Id!, Domain: "oauth-shapes-auth" }));
    const domain = (await up.admin.send(new DescribeUserPoolDomainCommand({ Domain: "oauth-shapes-auth" })))
      .DomainDescription!;
    expect(Object.keys(domain).sort()).toEqual(
      [
        "AWSAccountId",
        "CloudFrontDistribution",
        "Domain",
        "ManagedLoginVersion",
        "S3Bucket",
        "Status",
        "UserPoolId",
        "Version",
      ].sort(),
    );
    await up.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: Id!,
        Identifier: "https://api.example.com",
        Name: "api",
        Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }],
      }),
    );
    const rs = (
      await up.admin.send(new DescribeResourceServerCommand({ UserPoolId: Id!, Identifier: "https://api.example.com" }))
    ).ResourceServer!;
    expect(rs).toEqual({
      UserPoolId: Id,
      Identifier: "https://api.example.com",
      Name: "api",
      Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }],
    });
    await up.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: Id!,
        ProviderName: "Corp",
        ProviderType: "OIDC",
        ProviderDetails: {
          client_id: "corp-client",
          client_secret: "corp-secret-123",
          attributes_request_method: "GET",
          oidc_issuer: "https://corp.example.com",
          authorize_scopes: "openid email",
        },
      }),
    );
    const idp = (await up.admin.send(new DescribeIdentityProviderCommand({ UserPoolId: Id!, ProviderName: "Corp" })))
      .IdentityProvider!;
    expect(Object.keys(idp).sort()).toEqual(
      [
        "AttributeMapping",
        "CreationDate",
        "IdpIdentifiers",
        "LastModifiedDate",
        "ProviderDetails",
        "ProviderName",
        "ProviderType",
        "UserPoolId",
      ].sort(),
    );
  });

  it("GetUserPoolMfaConfig of a default pool", async () => {
    const { Id } = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "mfa-shape" }))).UserPool!;
    const { $metadata: _m, ...config } = await up.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: Id! }));
    expect(config).toEqual({ MfaConfiguration: "OFF", SoftwareTokenMfaConfiguration: { Enabled: false } });
  });

  it("refuses settings it cannot honour by name, and stores nothing", async () => {
    // Threat protection is honoured on the Plus plan only (ADR 0031); below it the plan is named.
    await expect(
      up.admin.send(
        new CreateUserPoolCommand({ PoolName: "threat", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
      ),
    ).rejects.toMatchObject({
      name: "FeatureUnavailableInTierException",
      message: expect.stringContaining("UserPoolAddOns.AdvancedSecurityMode ENFORCED (threat protection) requires"),
    });
    await expect(
      up.admin.send(
        new CreateUserPoolCommand({
          PoolName: "threat-custom",
          UserPoolTier: "PLUS",
          UserPoolAddOns: {
            AdvancedSecurityMode: "AUDIT",
            AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" },
          },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("UserPoolAddOns.AdvancedSecurityAdditionalFlows"),
    });
    const { Id } = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "refusals" }))).UserPool!;
    await expect(
      up.admin.send(new UpdateUserPoolCommand({ UserPoolId: Id!, UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } })),
    ).rejects.toMatchObject({ name: "FeatureUnavailableInTierException" });
    expect((await describePool(Id!)).UserPoolAddOns).toBeUndefined();
    await expect(
      up.admin.send(
        new UpdateUserPoolCommand({
          UserPoolId: Id!,
          LambdaConfig: {
            CustomEmailSender: { LambdaVersion: "V1_0", LambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:f" },
          },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("LambdaConfig.CustomEmailSender"),
    });
    const { ClientId } = (await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: Id!, ClientName: "app" })))
      .UserPoolClient!;
    await expect(
      up.admin.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: Id!,
          ClientId: ClientId!,
          AnalyticsConfiguration: { ApplicationId: "pinpoint-app" },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("AnalyticsConfiguration"),
    });
  });
});
