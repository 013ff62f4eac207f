import { Match, type Template } from "aws-cdk-lib/assertions";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { ALTERNATE_CONTEXT, TEST_CONTEXT } from "./support/synth.js";
import {
  onlyResource,
  resolveCfn,
  resourcesOfType,
  sharedTemplate,
  type CfnTemplate,
  type Json,
} from "./support/template.js";

let t: Template;
let json: CfnTemplate;
beforeAll(() => {
  t = sharedTemplate();
  json = t.toJSON() as CfnTemplate;
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const getAtt = (logicalId: string, attr: string) => ({ "Fn::GetAtt": [logicalId, attr] });

/** Logical IDs of the VPC subnets CDK tagged with the given tier ("Public", "Private", "Isolated"). */
function subnetsOfTier(tier: string): string[] {
  return resourcesOfType(t, "AWS::EC2::Subnet")
    .filter(([, r]) =>
      ((r.Properties?.Tags ?? []) as { Key: string; Value: string }[]).some(
        (tag) => tag.Key === "aws-cdk:subnet-type" && tag.Value === tier,
      ),
    )
    .map(([id]) => id);
}

function securityGroupId(descriptionPart: string): string {
  const found = resourcesOfType(t, "AWS::EC2::SecurityGroup").filter(([, r]) =>
    String(r.Properties?.GroupDescription).includes(descriptionPart),
  );
  expect(found).toHaveLength(1);
  return found[0]![0];
}

function distributionWithS3Origin(template: Template = t): string {
  const found = resourcesOfType(template, "AWS::CloudFront::Distribution").filter(([, r]) =>
    JSON.stringify(r.Properties).includes("S3OriginConfig"),
  );
  expect(found).toHaveLength(1);
  return found[0]![0];
}

describe("Cognito user pool", () => {
  it("uses email as the username, verifies by link, and enforces a password policy", () => {
    t.hasResourceProperties("AWS::Cognito::UserPool", {
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
      VerificationMessageTemplate: Match.objectLike({
        DefaultEmailOption: "CONFIRM_WITH_LINK",
        EmailMessageByLink: Match.stringLikeRegexp("\\{##Verify Email##\\}"),
      }),
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      // Federated logins rewrite these, so they must be mutable.
      Schema: Match.arrayWith([Match.objectLike({ Name: "email", Required: true, Mutable: true })]),
      // V1 trigger does not need the Essentials plan.
      UserPoolTier: "LITE",
    });
  });

  it("keeps the pool on stack deletion by default", () => {
    const [, pool] = onlyResource(t, "AWS::Cognito::UserPool");
    expect(pool.DeletionPolicy).toBe("Retain");
    expect(pool.Properties?.DeletionProtection).toBe("ACTIVE");
  });

  it("has a hosted domain with the context prefix", () => {
    const [poolId] = onlyResource(t, "AWS::Cognito::UserPool");
    t.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: TEST_CONTEXT.domainPrefix,
      UserPoolId: ref(poolId),
    });
  });

  it("federates Google with the client secret from Secrets Manager and the tutorial's attribute mapping", () => {
    const [poolId] = onlyResource(t, "AWS::Cognito::UserPool");
    t.hasResourceProperties("AWS::Cognito::UserPoolIdentityProvider", {
      UserPoolId: ref(poolId),
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: {
        client_id: TEST_CONTEXT.googleClientId,
        // A dynamic reference: CloudFormation resolves it, the value never appears in the template.
        client_secret: `{{resolve:secretsmanager:${TEST_CONTEXT.googleClientSecretName}:SecretString:::}}`,
        authorize_scopes: "openid email profile",
      },
      AttributeMapping: { email: "email", email_verified: "email_verified", name: "name", picture: "picture" },
    });
  });

  it("has a public web client: no secret, code grant, four scopes, Cognito + Google, no user-existence leaks", () => {
    const [poolId] = onlyResource(t, "AWS::Cognito::UserPool");
    const [googleId] = onlyResource(t, "AWS::Cognito::UserPoolIdentityProvider");
    const [clientId, client] = onlyResource(t, "AWS::Cognito::UserPoolClient");
    expect(client.Properties).toMatchObject({
      UserPoolId: ref(poolId),
      GenerateSecret: false,
      PreventUserExistenceErrors: "ENABLED",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      SupportedIdentityProviders: ["COGNITO", "Google"],
    });
    expect([...(client.Properties!.AllowedOAuthScopes as string[])].sort()).toEqual([
      "aws.cognito.signin.user.admin",
      "email",
      "openid",
      "profile",
    ]);
    // "Google" in SupportedIdentityProviders is a plain string: the provider must be created first.
    t.hasResource("AWS::Cognito::UserPoolClient", { DependsOn: Match.arrayWith([googleId]) });
    expect(clientId).toBeTruthy();
  });

  it("registers the CloudFront URL (plus context URLs and localhost when allowed) as callback and logout URLs", () => {
    const [, client] = onlyResource(t, "AWS::Cognito::UserPoolClient");
    const webDistribution = distributionWithS3Origin();
    const physical = { [`${webDistribution}.DomainName`]: "d111111abcdef8.cloudfront.net" };
    const outputs = json.Outputs ?? {};
    const webUrl = resolveCfn(outputs.WebUrl!.Value, physical);
    expect(webUrl).toBe("https://d111111abcdef8.cloudfront.net");

    for (const key of ["CallbackURLs", "LogoutURLs"] as const) {
      const urls = (client.Properties![key] as Json[]).map((u) => resolveCfn(u, physical));
      expect(urls).toEqual([`${webUrl}/`, "http://localhost:3000/", "https://app.example.com/"]);
    }
    // What the web app is told to redirect to is exactly what the client allows.
    expect(resolveCfn(outputs.OAuthRedirectSignIn!.Value, physical)).toBe(`${webUrl}/`);
    expect(resolveCfn(outputs.OAuthRedirectSignOut!.Value, physical)).toBe(`${webUrl}/`);
  });

  it("leaves localhost out unless context allows it, and allows the implicit grant only on request", () => {
    const template = sharedTemplate("alternate");
    const [, client] = onlyResource(template, "AWS::Cognito::UserPoolClient");
    const physical = { [`${distributionWithS3Origin(template)}.DomainName`]: "d2.cloudfront.net" };
    expect((client.Properties!.CallbackURLs as Json[]).map((u) => resolveCfn(u, physical))).toEqual([
      "https://d2.cloudfront.net/",
    ]);
    expect([...(client.Properties!.AllowedOAuthFlows as string[])].sort()).toEqual(["code", "implicit"]);
  });
});

describe("Pre Token Generation trigger", () => {
  it("runs the triggers bundle on nodejs24.x (newest runtime in aws-cdk-lib) in the VPC's private app subnets", () => {
    const [fnId, fn] = onlyResource(t, "AWS::Lambda::Function");
    expect(fn.Properties).toMatchObject({ Runtime: "nodejs24.x", Handler: "index.handler", Timeout: 5 });
    // No newer Node.js runtime exists in the installed aws-cdk-lib; when one appears, move to it.
    const nodeRuntimes = Object.keys(lambda.Runtime)
      .filter((k) => /^NODEJS_\d+_X$/.test(k))
      .map((k) => Number(/\d+/.exec(k)![0]));
    expect(Math.max(...nodeRuntimes)).toBe(24);
    const vpcConfig = fn.Properties?.VpcConfig as { SubnetIds: Json[]; SecurityGroupIds: Json[] };
    expect(vpcConfig.SubnetIds).toEqual(subnetsOfTier("Private").map(ref));
    expect(vpcConfig.SecurityGroupIds).toEqual([getAtt(securityGroupId("Pre Token Generation trigger"), "GroupId")]);
    expect(fnId).toBeTruthy();
  });

  it("is wired to the pool as the V1 PreTokenGeneration trigger by default, with Cognito allowed to invoke it", () => {
    const [fnId] = onlyResource(t, "AWS::Lambda::Function");
    const [poolId, pool] = onlyResource(t, "AWS::Cognito::UserPool");
    expect(pool.Properties?.LambdaConfig).toEqual({ PreTokenGeneration: getAtt(fnId, "Arn") });
    t.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: getAtt(fnId, "Arn"),
      Principal: "cognito-idp.amazonaws.com",
      SourceArn: getAtt(poolId, "Arn"),
    });
  });

  it("uses the V2 event (and the Essentials plan it needs) when context enables it", () => {
    const template = sharedTemplate("alternate");
    const [fnId] = onlyResource(template, "AWS::Lambda::Function");
    const [, pool] = onlyResource(template, "AWS::Cognito::UserPool");
    expect(pool.Properties?.LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: getAtt(fnId, "Arn"), LambdaVersion: "V2_0" },
    });
    expect(pool.Properties?.UserPoolTier).toBe("ESSENTIALS");
    // The API then accepts access tokens, which only V2 can customise.
    const [, env] = onlyResource(template, "AWS::ElasticBeanstalk::Environment");
    expect(JSON.stringify(env.Properties?.OptionSettings)).toContain(
      '"OptionName":"COGNITO_TOKEN_USE","Value":"access"',
    );
  });

  it("reads database credentials from the RDS-generated secret, never from a password variable", () => {
    const [, fn] = onlyResource(t, "AWS::Lambda::Function");
    const [attachmentId] = onlyResource(t, "AWS::SecretsManager::SecretTargetAttachment");
    const vars = (fn.Properties!.Environment as { Variables: Record<string, Json> }).Variables;
    expect(vars).toMatchObject({
      DB_ENV: "production",
      DB_SECRET_ARN: ref(attachmentId),
      DB_SSL: "true",
      NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
    });
    expect(Object.keys(vars).filter((k) => /PASSWORD|RDS_|DATABASE_URL/.test(k))).toEqual([]);
  });

  it("has a role with only VPC networking and GetSecretValue on that one secret", () => {
    const [fnId, fn] = onlyResource(t, "AWS::Lambda::Function");
    const roleId = (fn.Properties!.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const role = json.Resources[roleId]!;
    expect(role.Properties?.ManagedPolicyArns).toEqual([
      {
        "Fn::Join": [
          "",
          ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"],
        ],
      },
    ]);
    const [attachmentId] = onlyResource(t, "AWS::SecretsManager::SecretTargetAttachment");
    const statements = resourcesOfType(t, "AWS::IAM::Policy")
      .filter(([, p]) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([ref(roleId)]))
      .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: Json[] }).Statement);
    expect(statements).toEqual([
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ref(attachmentId) },
    ]);
    expect(fnId).toBeTruthy();
  });
});

describe("RDS PostgreSQL", () => {
  it("is private, encrypted, backed up, and kept as a snapshot on deletion", () => {
    const [, db] = onlyResource(t, "AWS::RDS::DBInstance");
    expect(db.Properties).toMatchObject({
      Engine: "postgres",
      PubliclyAccessible: false,
      StorageEncrypted: true,
      DBName: "authhub",
      DeletionProtection: true,
    });
    expect(db.Properties?.BackupRetentionPeriod).toBeGreaterThanOrEqual(1);
    expect(db.DeletionPolicy).toBe("Snapshot");
    // The master password is a dynamic reference into the generated secret.
    expect(JSON.stringify(db.Properties?.MasterUserPassword)).toContain("{{resolve:secretsmanager:");
  });

  it("lives in the isolated subnets", () => {
    const [, db] = onlyResource(t, "AWS::RDS::DBInstance");
    const subnetGroupId = (db.Properties!.DBSubnetGroupName as { Ref: string }).Ref;
    expect(json.Resources[subnetGroupId]!.Properties?.SubnetIds).toEqual(subnetsOfTier("Isolated").map(ref));
    // Isolated means no route to the internet gateway or a NAT.
    const isolatedRouteTables = resourcesOfType(t, "AWS::EC2::SubnetRouteTableAssociation")
      .filter(([, a]) =>
        subnetsOfTier("Isolated").some((s) => JSON.stringify(a.Properties?.SubnetId) === JSON.stringify(ref(s))),
      )
      .map(([, a]) => JSON.stringify(a.Properties?.RouteTableId));
    const routesOut = resourcesOfType(t, "AWS::EC2::Route").filter(([, r]) =>
      isolatedRouteTables.includes(JSON.stringify(r.Properties?.RouteTableId)),
    );
    expect(routesOut).toEqual([]);
  });

  it("admits only the trigger's and the API's security groups, on 5432", () => {
    const dbSg = securityGroupId("Authhub PostgreSQL");
    const [, db] = onlyResource(t, "AWS::RDS::DBInstance");
    expect(db.Properties?.VPCSecurityGroups).toEqual([getAtt(dbSg, "GroupId")]);
    expect(json.Resources[dbSg]!.Properties?.SecurityGroupIngress).toBeUndefined();
    const ingress = resourcesOfType(t, "AWS::EC2::SecurityGroupIngress")
      .map(([, r]) => r.Properties!)
      .filter((p) => JSON.stringify(p.GroupId) === JSON.stringify(getAtt(dbSg, "GroupId")));
    expect(
      ingress.map((p) => ({
        from: p.FromPort,
        to: p.ToPort,
        proto: p.IpProtocol,
        source: p.SourceSecurityGroupId,
        cidr: p.CidrIp,
      })),
    ).toEqual([
      {
        from: 5432,
        to: 5432,
        proto: "tcp",
        source: getAtt(securityGroupId("Pre Token Generation trigger"), "GroupId"),
        cidr: undefined,
      },
      {
        from: 5432,
        to: 5432,
        proto: "tcp",
        source: getAtt(securityGroupId("API instances"), "GroupId"),
        cidr: undefined,
      },
    ]);
  });

  it("has a generated secret attached to the instance (host, port, dbname in the JSON)", () => {
    const [secretId] = onlyResource(t, "AWS::SecretsManager::Secret");
    const [dbId] = onlyResource(t, "AWS::RDS::DBInstance");
    t.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: "password",
        SecretStringTemplate: '{"username":"authhub"}',
      }),
    });
    t.hasResourceProperties("AWS::SecretsManager::SecretTargetAttachment", {
      SecretId: ref(secretId),
      TargetId: ref(dbId),
      TargetType: "AWS::RDS::DBInstance",
    });
  });
});

describe("API on Elastic Beanstalk", () => {
  function options(): { Namespace: string; OptionName: string; Value: Json }[] {
    const [, env] = onlyResource(t, "AWS::ElasticBeanstalk::Environment");
    return env.Properties?.OptionSettings as { Namespace: string; OptionName: string; Value: Json }[];
  }
  const option = (ns: string, name: string) =>
    options().find((o) => o.Namespace === ns && o.OptionName === name)?.Value;

  it("runs a load-balanced Node.js 24 environment of the application", () => {
    const [appId] = onlyResource(t, "AWS::ElasticBeanstalk::Application");
    t.hasResourceProperties("AWS::ElasticBeanstalk::Environment", {
      ApplicationName: ref(appId),
      SolutionStackName: Match.stringLikeRegexp("^64bit Amazon Linux 2023 v[\\d.]+ running Node\\.js 24$"),
      Tier: { Name: "WebServer", Type: "Standard" },
    });
    expect(option("aws:elasticbeanstalk:environment", "LoadBalancerType")).toBe("application");
    expect(option("aws:elasticbeanstalk:environment:process:default", "HealthCheckPath")).toBe("/healthz");
  });

  it("puts instances in the private app subnets with the API security group and IMDSv2 only", () => {
    expect(option("aws:ec2:vpc", "Subnets")).toEqual({ "Fn::Join": [",", subnetsOfTier("Private").map(ref)] });
    expect(option("aws:ec2:vpc", "ELBSubnets")).toEqual({ "Fn::Join": [",", subnetsOfTier("Public").map(ref)] });
    expect(option("aws:ec2:vpc", "AssociatePublicIpAddress")).toBe("false");
    expect(option("aws:autoscaling:launchconfiguration", "SecurityGroups")).toEqual(
      getAtt(securityGroupId("API instances"), "GroupId"),
    );
    expect(option("aws:autoscaling:launchconfiguration", "DisableIMDSv1")).toBe("true");
  });

  it("gets its environment from the stack: DB secret ARN, Cognito pool and client, CORS origin", () => {
    const [attachmentId] = onlyResource(t, "AWS::SecretsManager::SecretTargetAttachment");
    const [poolId] = onlyResource(t, "AWS::Cognito::UserPool");
    const [clientId] = onlyResource(t, "AWS::Cognito::UserPoolClient");
    const env = Object.fromEntries(
      options()
        .filter((o) => o.Namespace === "aws:elasticbeanstalk:application:environment")
        .map((o) => [o.OptionName, o.Value]),
    );
    expect(env).toMatchObject({
      DB_ENV: "production",
      DB_SECRET_ARN: ref(attachmentId),
      COGNITO_USER_POOL_ID: ref(poolId),
      COGNITO_REGION: ref("AWS::Region"),
      COGNITO_CLIENT_IDS: ref(clientId),
      COGNITO_TOKEN_USE: "id",
      PORT: "8080",
    });
    const physical = { [`${distributionWithS3Origin()}.DomainName`]: "d3.cloudfront.net" };
    expect(resolveCfn(env.CORS_ORIGINS!, physical)).toBe("https://d3.cloudfront.net,http://localhost:3000");
    expect(Object.keys(env).filter((k) => /PASSWORD|RDS_/.test(k))).toEqual([]);
  });

  it("lets only the instance profile read the database secret", () => {
    const [attachmentId] = onlyResource(t, "AWS::SecretsManager::SecretTargetAttachment");
    const [, profile] = onlyResource(t, "AWS::IAM::InstanceProfile");
    const roleId = ((profile.Properties!.Roles as Json[])[0] as { Ref: string }).Ref;
    t.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [ref(roleId)],
      PolicyDocument: {
        Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ref(attachmentId) }],
        Version: "2012-10-17",
      },
    });
    expect(option("aws:autoscaling:launchconfiguration", "IamInstanceProfile")).toEqual(
      ref(onlyResource(t, "AWS::IAM::InstanceProfile")[0]),
    );
  });

  it("is reached over HTTPS through CloudFront, uncached, with the Authorization header forwarded", () => {
    const [envId] = onlyResource(t, "AWS::ElasticBeanstalk::Environment");
    const apiDistributions = resourcesOfType(t, "AWS::CloudFront::Distribution").filter(([, r]) =>
      JSON.stringify(r.Properties).includes(envId),
    );
    expect(apiDistributions).toHaveLength(1);
    const config = apiDistributions[0]![1].Properties?.DistributionConfig as Record<string, any>;
    expect(config.Origins[0]).toMatchObject({
      DomainName: getAtt(envId, "EndpointURL"),
      CustomOriginConfig: { OriginProtocolPolicy: "http-only" },
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: "https-only",
      // Managed policies: CachingDisabled and AllViewerExceptHostHeader.
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
    });
    const physical = { [`${apiDistributions[0]![0]}.DomainName`]: "d4.cloudfront.net" };
    expect(resolveCfn(json.Outputs!.ApiUrl!.Value, physical)).toBe("https://d4.cloudfront.net");
  });

  it("uses HTTPS to the load balancer when a certificate and origin domain are given", () => {
    const certificate = ALTERNATE_CONTEXT.apiCertificateArn;
    const template = sharedTemplate("alternate");
    const [, env] = onlyResource(template, "AWS::ElasticBeanstalk::Environment");
    expect(env.Properties?.OptionSettings).toEqual(
      expect.arrayContaining([
        { Namespace: "aws:elbv2:listener:443", OptionName: "SSLCertificateArns", Value: certificate },
      ]),
    );
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            DomainName: "api-origin.example.com",
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: "https-only" }),
          }),
        ],
      }),
    });
  });
});

describe("web app hosting", () => {
  it("keeps the bucket private and encrypted", () => {
    const [bucketId] = resourcesOfType(t, "AWS::S3::Bucket").find(([id]) => id.startsWith("Web"))!;
    t.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
    });
    expect(json.Resources[bucketId]!.Properties?.WebsiteConfiguration).toBeUndefined();
  });

  it("serves it through CloudFront with Origin Access Control, and only that distribution may read it", () => {
    const [bucketId] = resourcesOfType(t, "AWS::S3::Bucket").find(([id]) => id.startsWith("Web"))!;
    const distributionId = distributionWithS3Origin();
    const [oacId] = onlyResource(t, "AWS::CloudFront::OriginAccessControl");
    t.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      }),
    });
    const config = json.Resources[distributionId]!.Properties?.DistributionConfig as Record<string, any>;
    expect(config.Origins[0]).toMatchObject({
      OriginAccessControlId: getAtt(oacId, "Id"),
      S3OriginConfig: { OriginAccessIdentity: "" },
    });
    expect(config.DefaultRootObject).toBe("index.html");
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");

    const [, policy] = resourcesOfType(t, "AWS::S3::BucketPolicy").find(
      ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify(ref(bucketId)),
    )!;
    const allows = (policy.Properties!.PolicyDocument as { Statement: Record<string, Json>[] }).Statement.filter(
      (s) => s.Effect === "Allow",
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: "s3:GetObject",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Condition: {
        StringEquals: {
          "AWS:SourceArn": expect.objectContaining({
            "Fn::Join": expect.arrayContaining([expect.arrayContaining([ref(distributionId)])]),
          }),
        },
      },
    });
  });
});

describe("CodePipeline", () => {
  it("goes GitHub (CodeStar connection) -> build -> Elastic Beanstalk, and publishes the web build", () => {
    const [, pipeline] = onlyResource(t, "AWS::CodePipeline::Pipeline");
    const [appId] = onlyResource(t, "AWS::ElasticBeanstalk::Application");
    const [envId] = onlyResource(t, "AWS::ElasticBeanstalk::Environment");
    const stages = pipeline.Properties?.Stages as {
      Name: string;
      Actions: { ActionTypeId: { Provider: string; Category: string }; Configuration: Record<string, Json> }[];
    }[];
    expect(stages.map((s) => s.Name)).toEqual(["Source", "Build", "Deploy"]);
    expect(stages[0]!.Actions[0]).toMatchObject({
      ActionTypeId: { Category: "Source", Provider: "CodeStarSourceConnection" },
      Configuration: {
        ConnectionArn: TEST_CONTEXT.codestarConnectionArn,
        FullRepositoryId: TEST_CONTEXT.githubRepo,
        BranchName: "main",
      },
    });
    expect(stages[1]!.Actions[0]!.ActionTypeId).toMatchObject({ Category: "Build", Provider: "CodeBuild" });
    const deploy = stages[2]!.Actions;
    expect(deploy.find((a) => a.ActionTypeId.Provider === "ElasticBeanstalk")?.Configuration).toEqual({
      ApplicationName: ref(appId),
      EnvironmentName: ref(envId),
    });
    expect(deploy.some((a) => a.ActionTypeId.Provider === "CodeBuild")).toBe(true);
  });

  it("builds the API bundle (Procfile, hooks, runtime package.json) and the web app with the stack's values", () => {
    const builds = resourcesOfType(t, "AWS::CodeBuild::Project").map(([, p]) => p.Properties!);
    const build = builds.find((p) => String((p.Source as { BuildSpec: string }).BuildSpec).includes("package-api"))!;
    const spec = JSON.parse((build.Source as { BuildSpec: string }).BuildSpec) as Record<string, any>;
    expect(spec.phases.build.commands).toEqual(
      expect.arrayContaining([
        "npm run build -w apps/api",
        "npm run build -w apps/web",
        expect.stringContaining("infra/scripts/package-api.ts"),
      ]),
    );
    expect(Object.keys(spec.artifacts["secondary-artifacts"]).sort()).toEqual(["api", "web"]);
    const vars = Object.fromEntries(
      (build.Environment as { EnvironmentVariables: { Name: string; Value: Json }[] }).EnvironmentVariables.map((v) => [
        v.Name,
        v.Value,
      ]),
    );
    const [poolId] = onlyResource(t, "AWS::Cognito::UserPool");
    expect(vars).toMatchObject({ VITE_USER_POOL_ID: ref(poolId), VITE_API_TOKEN: "id" });
    // Unset means real Cognito; production mode never reads .env.development's local endpoint.
    expect(vars).not.toHaveProperty("VITE_USER_POOL_ENDPOINT");
  });
});

describe("removal policies", () => {
  it("keep the pool, a final DB snapshot and the web bucket by default", () => {
    expect(onlyResource(t, "AWS::RDS::DBInstance")[1].DeletionPolicy).toBe("Snapshot");
    expect(onlyResource(t, "AWS::Cognito::UserPool")[1].DeletionPolicy).toBe("Retain");
    expect(resourcesOfType(t, "AWS::S3::Bucket").find(([id]) => id.startsWith("Web"))![1].DeletionPolicy).toBe(
      "Retain",
    );
  });

  it("delete everything, without protection, when retainData=false", () => {
    const template = sharedTemplate("alternate");
    const [, dbInstance] = onlyResource(template, "AWS::RDS::DBInstance");
    expect(dbInstance.DeletionPolicy).toBe("Delete");
    expect(dbInstance.Properties).toMatchObject({ DeletionProtection: false, DeleteAutomatedBackups: true });
    const [, pool] = onlyResource(template, "AWS::Cognito::UserPool");
    expect(pool.DeletionPolicy).toBe("Delete");
    expect(pool.Properties?.DeletionProtection).toBe("INACTIVE");
    expect(resourcesOfType(template, "AWS::S3::Bucket").find(([id]) => id.startsWith("Web"))![1].DeletionPolicy).toBe(
      "Delete",
    );
  });
});

describe("stack outputs", () => {
  it("include every value the web app and API need", () => {
    const [poolId] = onlyResource(t, "AWS::Cognito::UserPool");
    const [clientId] = onlyResource(t, "AWS::Cognito::UserPoolClient");
    const [domainId] = onlyResource(t, "AWS::Cognito::UserPoolDomain");
    const outputs = json.Outputs ?? {};
    expect(outputs.UserPoolId?.Value).toEqual(ref(poolId));
    expect(outputs.UserPoolClientId?.Value).toEqual(ref(clientId));
    expect(outputs.Region?.Value).toEqual(ref("AWS::Region"));
    expect(resolveCfn(outputs.UserPoolDomain!.Value, { [domainId]: "authhub-test", "AWS::Region": "eu-west-1" })).toBe(
      "authhub-test.auth.eu-west-1.amazoncognito.com",
    );
    for (const key of [
      "ApiUrl",
      "WebUrl",
      "OAuthRedirectSignIn",
      "OAuthRedirectSignOut",
      "ApiTokenUse",
      "WebBucketName",
      "WebDistributionId",
      "DatabaseSecretArn",
      "PipelineName",
    ]) {
      expect(outputs[key], key).toBeDefined();
    }
  });
});
