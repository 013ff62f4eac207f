import { Aws } from "aws-cdk-lib";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";

export interface ScopedElasticBeanstalkDeployActionProps extends codepipeline.CommonAwsActionProps {
  input: codepipeline.Artifact;
  applicationName: string;
  environmentName: string;
}

/**
 * CodePipeline's Elastic Beanstalk deploy action with an explicit, scoped policy.
 *
 * CDK's own ElasticBeanstalkDeployAction attaches AdministratorAccess-AWSElasticBeanstalk (ec2:*, s3:*,
 * cloudformation:* and more) to the action role. A version deployment needs far less: stage the bundle in
 * the regional EB bucket, register the version, and let EB roll it through the environment's own
 * CloudFormation stack and Auto Scaling group with the caller's credentials. The list below is that.
 * If EB ever reports AccessDenied during a deployment, its event names the missing action: add it here,
 * scoped the same way, rather than reaching for the managed policy.
 */
export class ScopedElasticBeanstalkDeployAction extends codepipeline.Action {
  protected readonly providedActionProperties: codepipeline.ActionProperties;
  private readonly props: ScopedElasticBeanstalkDeployActionProps;

  constructor(props: ScopedElasticBeanstalkDeployActionProps) {
    super();
    this.props = props;
    this.providedActionProperties = {
      ...props,
      category: codepipeline.ActionCategory.DEPLOY,
      provider: "ElasticBeanstalk",
      artifactBounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
      inputs: [props.input],
    };
  }

  protected bound(
    _scope: Construct,
    _stage: codepipeline.IStage,
    options: codepipeline.ActionBindOptions,
  ): codepipeline.ActionConfig {
    const { applicationName, environmentName } = this.props;
    const arn = (service: string, resource: string, region: string = Aws.REGION, account: string = Aws.ACCOUNT_ID) =>
      `arn:${Aws.PARTITION}:${service}:${region}:${account}:${resource}`;
    const ebBucket = `arn:${Aws.PARTITION}:s3:::elasticbeanstalk-${Aws.REGION}-${Aws.ACCOUNT_ID}`;

    const statements = [
      new iam.PolicyStatement({
        sid: "RegisterAndDeployVersion",
        actions: ["elasticbeanstalk:CreateApplicationVersion", "elasticbeanstalk:UpdateEnvironment"],
        resources: [
          arn("elasticbeanstalk", `application/${applicationName}`),
          arn("elasticbeanstalk", `applicationversion/${applicationName}/*`),
          arn("elasticbeanstalk", `environment/${applicationName}/${environmentName}`),
          // UpdateEnvironment also authorises the platform the environment runs on.
          arn("elasticbeanstalk", "platform/*", Aws.REGION, ""),
          arn("elasticbeanstalk", "solutionstack/*", Aws.REGION, ""),
        ],
      }),
      new iam.PolicyStatement({
        sid: "ReadDeploymentState",
        // Describe calls have no resource-level permissions in Elastic Beanstalk.
        actions: [
          "elasticbeanstalk:CreateStorageLocation",
          "elasticbeanstalk:DescribeApplicationVersions",
          "elasticbeanstalk:DescribeEnvironments",
          "elasticbeanstalk:DescribeEnvironmentResources",
          "elasticbeanstalk:DescribeEvents",
          "elasticbeanstalk:ListPlatformVersions",
        ],
        resources: ["*"],
      }),
      new iam.PolicyStatement({
        sid: "StageBundleInEbBucket",
        actions: [
          "s3:GetBucketLocation",
          "s3:ListBucket",
          "s3:GetObject",
          "s3:PutObject",
          "s3:GetObjectAcl",
          "s3:PutObjectAcl",
        ],
        resources: [ebBucket, `${ebBucket}/*`],
      }),
      new iam.PolicyStatement({
        sid: "EnvironmentStackForRollout",
        // EB drives the version rollout through the environment's stack (awseb-e-<id>-stack).
        actions: [
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeStackResource",
          "cloudformation:DescribeStackResources",
          "cloudformation:DescribeStackEvents",
          "cloudformation:GetTemplate",
          "cloudformation:UpdateStack",
        ],
        resources: [arn("cloudformation", "stack/awseb-*/*")],
      }),
      new iam.PolicyStatement({
        sid: "RollingBatches",
        actions: [
          "autoscaling:SuspendProcesses",
          "autoscaling:ResumeProcesses",
          "autoscaling:UpdateAutoScalingGroup",
          "autoscaling:SetDesiredCapacity",
          "autoscaling:TerminateInstanceInAutoScalingGroup",
        ],
        resources: [arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/awseb-*")],
      }),
      new iam.PolicyStatement({
        sid: "ObserveRollout",
        // Read-only calls without resource-level permissions.
        actions: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeScalingActivities",
          "ec2:DescribeInstances",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeLoadBalancers",
        ],
        resources: ["*"],
      }),
    ];
    for (const statement of statements) options.role.addToPrincipalPolicy(statement);
    options.bucket.grantRead(options.role);
    return { configuration: { ApplicationName: applicationName, EnvironmentName: environmentName } };
  }
}
