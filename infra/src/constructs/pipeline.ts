import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Aws } from "aws-cdk-lib";
import { Construct } from "constructs";
import { RDS_CA_BUNDLE_PATH } from "./api.js";
import { ScopedElasticBeanstalkDeployAction } from "./ebDeployAction.js";

export interface PipelineProps {
  connectionArn: string;
  owner: string;
  repo: string;
  branch: string;
  ebApplicationName: string;
  ebEnvironmentName: string;
  webBucket: s3.IBucket;
  webDistributionId: string;
  /** VITE_* values for the web build (see src/webEnv.ts). */
  webBuildEnv: Record<string, string>;
}

/** Where the build writes the EB source bundle (infra/scripts/package-api.ts). */
export const API_BUNDLE_DIR = "build/api-bundle";
/** Amazon's combined RDS CA bundle; the API verifies the database's TLS certificate against it. */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/**
 * GitHub (CodeStar connection) -> CodeBuild (API bundle + web build) -> Elastic Beanstalk and S3/CloudFront.
 * The trigger Lambda and the rest of the infrastructure change through `cdk deploy`, not this pipeline.
 */
export class Pipeline extends Construct {
  readonly pipeline: codepipeline.Pipeline;
  readonly buildProject: codebuild.PipelineProject;
  readonly webDeployProject: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const source = new codepipeline.Artifact("source");
    const apiBundle = new codepipeline.Artifact("api");
    const webBuild = new codepipeline.Artifact("web");

    this.buildProject = new codebuild.PipelineProject(this, "Build", {
      description: "Authhub: build the API bundle for Elastic Beanstalk and the web app",
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_8_0, computeType: codebuild.ComputeType.SMALL },
      timeout: Duration.minutes(30),
      // Empty values (VITE_USER_POOL_ENDPOINT) are left out: in production mode Vite never reads .env.development,
      // so unset is already "real Cognito" here.
      environmentVariables: Object.fromEntries(
        Object.entries(props.webBuildEnv)
          .filter(([, value]) => value !== "")
          .map(([name, value]) => [name, { value, type: codebuild.BuildEnvironmentVariableType.PLAINTEXT }]),
      ),
      buildSpec: codebuild.BuildSpec.fromObject({
        version: "0.2",
        phases: {
          install: {
            "runtime-versions": { nodejs: 20 },
            // The repo's toolchain is npm 11 (lockfile, install-script approvals).
            commands: ["npm install -g npm@11", "npm ci"],
          },
          build: {
            commands: [
              "npm run build -w apps/api",
              // Vite gives variables already in the environment (the VITE_* above) priority over .env files.
              "npm run build -w apps/web",
              `npx tsx infra/scripts/package-api.ts --out ${API_BUNDLE_DIR}`,
              `mkdir -p ${API_BUNDLE_DIR}/certs && ` +
                `curl -fsSL ${RDS_CA_BUNDLE_URL} -o ${API_BUNDLE_DIR}/${RDS_CA_BUNDLE_PATH}`,
            ],
          },
        },
        artifacts: {
          "secondary-artifacts": {
            [apiBundle.artifactName as string]: { "base-directory": API_BUNDLE_DIR, files: ["**/*"] },
            [webBuild.artifactName as string]: { "base-directory": "apps/web/dist", files: ["**/*"] },
          },
        },
        cache: { paths: ["/root/.npm/**/*"] },
      }),
    });

    this.webDeployProject = new codebuild.PipelineProject(this, "DeployWeb", {
      description: "Authhub: publish the web build to S3 and invalidate CloudFront",
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_8_0, computeType: codebuild.ComputeType.SMALL },
      timeout: Duration.minutes(15),
      environmentVariables: {
        WEB_BUCKET: { value: props.webBucket.bucketName },
        DISTRIBUTION_ID: { value: props.webDistributionId },
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: "0.2",
        phases: {
          build: {
            commands: [
              // Vite's hashed assets never change under one name; everything else must be revalidated.
              'aws s3 sync assets "s3://$WEB_BUCKET/assets" --cache-control "public,max-age=31536000,immutable"',
              'aws s3 sync . "s3://$WEB_BUCKET" --delete --exclude "assets/*" --cache-control "no-cache"',
              'aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths "/*"',
            ],
          },
        },
      }),
    });
    // Exactly what `aws s3 sync --delete` and one invalidation need, on this bucket and distribution only.
    this.webDeployProject.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [props.webBucket.bucketArn] }),
    );
    this.webDeployProject.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [props.webBucket.arnForObjects("*")],
      }),
    );
    this.webDeployProject.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["cloudfront:CreateInvalidation"],
        resources: [`arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${props.webDistributionId}`],
      }),
    );

    const artifactBucket = new s3.Bucket(this, "Artifacts", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.pipeline = new codepipeline.Pipeline(this, "Pipeline", {
      pipelineType: codepipeline.PipelineType.V2,
      // Same-account pipeline: no customer-managed KMS key needed (saves its monthly charge).
      crossAccountKeys: false,
      artifactBucket,
      restartExecutionOnUpdate: false,
      stages: [
        {
          stageName: "Source",
          actions: [
            new actions.CodeStarConnectionsSourceAction({
              actionName: "GitHub",
              connectionArn: props.connectionArn,
              owner: props.owner,
              repo: props.repo,
              branch: props.branch,
              output: source,
              triggerOnPush: true,
            }),
          ],
        },
        {
          stageName: "Build",
          actions: [
            new actions.CodeBuildAction({
              actionName: "Build",
              project: this.buildProject,
              input: source,
              outputs: [apiBundle, webBuild],
            }),
          ],
        },
        {
          stageName: "Deploy",
          actions: [
            new ScopedElasticBeanstalkDeployAction({
              actionName: "Api",
              input: apiBundle,
              applicationName: props.ebApplicationName,
              environmentName: props.ebEnvironmentName,
            }),
            new actions.CodeBuildAction({ actionName: "Web", project: this.webDeployProject, input: webBuild }),
          ],
        },
      ],
    });
  }
}
