import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

export interface TriggerProps {
  /** Directory holding the built `index.mjs` from `npm run build -w packages/triggers`. */
  bundleDir: string;
  vpc: ec2.IVpc;
  securityGroup: ec2.ISecurityGroup;
  dbSecret: secretsmanager.ISecret;
}

/**
 * The user-sync Pre Token Generation Lambda (packages/triggers), inside the VPC next to the database.
 * Its role holds exactly two things: ENI management for VPC networking and reading the one database secret.
 */
export class Trigger extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TriggerProps) {
    super(scope, id);
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Authhub Pre Token Generation trigger: VPC networking and the database secret, nothing else",
      // ENI create/describe/delete for VPC access, plus writing its own logs.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole")],
    });
    // Not secret.grantRead(): that also grants DescribeSecret, which the trigger never calls.
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [props.dbSecret.secretArn] }),
    );

    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.function = new lambda.Function(this, "Function", {
      description: "Authhub user sync: upserts the users row and adds db_user_id to the token",
      // The newest Node.js runtime aws-cdk-lib offers (Runtime.NODEJS_24_X); the bundle targets it too.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromAsset(props.bundleDir),
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      // Cognito waits at most 5 seconds for a trigger before failing the sign-in.
      timeout: Duration.seconds(5),
      memorySize: 256,
      logGroup,
      environment: {
        DB_ENV: "production",
        // The RDS-generated secret; the handler fetches it at cold start (never a password in an env var).
        DB_SECRET_ARN: props.dbSecret.secretArn,
        DB_SSL: "true",
        // One container handles one event at a time, so one connection is enough.
        DB_POOL_MAX: "1",
        // nodejs20+ runtimes no longer load Amazon's CAs by default; this file includes the RDS roots.
        NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
  }
}
