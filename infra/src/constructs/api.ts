import { Aws, Fn } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elasticbeanstalk from "aws-cdk-lib/aws-elasticbeanstalk";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

export interface ApiProps {
  vpc: ec2.IVpc;
  securityGroup: ec2.ISecurityGroup;
  dbSecret: secretsmanager.ISecret;
  userPoolId: string;
  webClientId: string;
  tokenUse: "id" | "access" | "any";
  corsOrigins: string[];
  instanceType: string;
  solutionStack: string;
  minInstances: number;
  maxInstances: number;
  certificateArn: string | undefined;
  originDomainName: string | undefined;
}

/**
 * Where the EB artifact puts the RDS CA bundle (infra/scripts/package-api.ts); /var/app/current is the deployed
 * app.
 */
export const RDS_CA_BUNDLE_PATH = "certs/rds-global-bundle.pem";

/**
 * The Express API on Elastic Beanstalk (Node.js on Amazon Linux 2023), fronted by CloudFront so the
 * browser reaches it over HTTPS without a custom domain.
 *
 * Database credentials: the environment holds only DB_SECRET_ARN; the API and the predeploy migration
 * hook resolve it at start through `@authhub/appdb` (resolveAppDbConfig), using the instance profile's
 * permission on that one secret. Nothing secret is stored in the EB configuration, and a rotated
 * password is picked up on the next restart.
 */
export class Api extends Construct {
  readonly application: elasticbeanstalk.CfnApplication;
  readonly environment: elasticbeanstalk.CfnEnvironment;
  readonly instanceRole: iam.Role;
  readonly serviceRole: iam.Role;
  readonly distribution: cloudfront.Distribution;
  /** Environment properties exactly as deployed (tokens resolve at deploy time). */
  readonly environmentVariables: Record<string, string>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.application = new elasticbeanstalk.CfnApplication(this, "Application", {
      description: "Authhub Express API",
    });

    this.instanceRole = new iam.Role(this, "InstanceRole", {
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
      description: "Authhub API instances: EB web tier basics and the database secret",
      // Log streaming, X-Ray and the EB bucket (elasticbeanstalk-*), as every EB web instance needs.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AWSElasticBeanstalkWebTier")],
    });
    this.instanceRole.addToPolicy(
      new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [props.dbSecret.secretArn] }),
    );
    const instanceProfile = new iam.InstanceProfile(this, "InstanceProfile", { role: this.instanceRole });

    this.serviceRole = new iam.Role(this, "ServiceRole", {
      assumedBy: new iam.ServicePrincipal("elasticbeanstalk.amazonaws.com"),
      description: "Authhub EB service role: enhanced health reporting",
      // Managed platform updates stay off: their policy (AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy) is
      // far broader.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSElasticBeanstalkEnhancedHealth")],
    });

    this.environmentVariables = {
      NODE_ENV: "production",
      // EB's nginx proxies port 80 to this port.
      PORT: "8080",
      DB_ENV: "production",
      DB_SECRET_ARN: props.dbSecret.secretArn,
      DB_SSL: "true",
      NODE_EXTRA_CA_CERTS: `/var/app/current/${RDS_CA_BUNDLE_PATH}`,
      // The SDK does not read the region from instance metadata; Secrets Manager needs it.
      AWS_REGION: Aws.REGION,
      COGNITO_USER_POOL_ID: props.userPoolId,
      COGNITO_REGION: Aws.REGION,
      COGNITO_CLIENT_IDS: props.webClientId,
      COGNITO_TOKEN_USE: props.tokenUse,
      CORS_ORIGINS: props.corsOrigins.join(","),
    };

    const vpcSubnets = (type: ec2.SubnetType) => Fn.join(",", props.vpc.selectSubnets({ subnetType: type }).subnetIds);
    const option = (namespace: string, optionName: string, value: string) => ({ namespace, optionName, value });
    const https = props.certificateArn !== undefined;
    const optionSettings = [
      option("aws:ec2:vpc", "VPCId", props.vpc.vpcId),
      option("aws:ec2:vpc", "Subnets", vpcSubnets(ec2.SubnetType.PRIVATE_WITH_EGRESS)),
      option("aws:ec2:vpc", "ELBSubnets", vpcSubnets(ec2.SubnetType.PUBLIC)),
      option("aws:ec2:vpc", "ELBScheme", "public"),
      option("aws:ec2:vpc", "AssociatePublicIpAddress", "false"),
      option("aws:ec2:instances", "InstanceTypes", props.instanceType),
      option("aws:autoscaling:launchconfiguration", "IamInstanceProfile", instanceProfile.instanceProfileName),
      option("aws:autoscaling:launchconfiguration", "SecurityGroups", props.securityGroup.securityGroupId),
      option("aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"),
      option("aws:autoscaling:asg", "MinSize", String(props.minInstances)),
      option("aws:autoscaling:asg", "MaxSize", String(props.maxInstances)),
      option("aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced"),
      option("aws:elasticbeanstalk:environment", "LoadBalancerType", "application"),
      option("aws:elasticbeanstalk:environment", "ServiceRole", this.serviceRole.roleArn),
      option("aws:elasticbeanstalk:environment:process:default", "HealthCheckPath", "/healthz"),
      option("aws:elasticbeanstalk:environment:process:default", "Port", "8080"),
      option("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
      option("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "false"),
      // Rolling with an extra batch keeps one healthy instance serving while a new version (and its migration) lands.
      option("aws:elasticbeanstalk:command", "DeploymentPolicy", "RollingWithAdditionalBatch"),
      option("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"),
      option("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "30"),
      option("aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate", "true"),
      ...Object.entries(this.environmentVariables).map(([name, value]) =>
        option("aws:elasticbeanstalk:application:environment", name, value),
      ),
      ...(https
        ? [
            option("aws:elbv2:listener:443", "ListenerEnabled", "true"),
            option("aws:elbv2:listener:443", "Protocol", "HTTPS"),
            option("aws:elbv2:listener:443", "SSLCertificateArns", props.certificateArn as string),
          ]
        : []),
    ];

    this.environment = new elasticbeanstalk.CfnEnvironment(this, "Environment", {
      applicationName: this.application.ref,
      description: "Authhub API",
      solutionStackName: props.solutionStack,
      tier: { name: "WebServer", type: "Standard" },
      optionSettings,
    });
    this.environment.node.addDependency(instanceProfile);

    // EndpointURL is the load balancer's DNS name. Without a certificate CloudFront reaches it over HTTP;
    // with apiCertificateArn + apiOriginDomainName the origin leg is HTTPS too (docs/deploy.md).
    const origin = https
      ? new origins.HttpOrigin(props.originDomainName as string, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        })
      : new origins.HttpOrigin(this.environment.attrEndpointUrl, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
        });
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Authhub API",
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Never cache API answers; with caching off the AllViewer policy may forward Authorization.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
  }

  /** https://<distribution>.cloudfront.net, without a trailing slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
