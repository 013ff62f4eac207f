import { Aws, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { InfraConfig } from "./config.js";
import { Api } from "./constructs/api.js";
import { Database } from "./constructs/database.js";
import { Network } from "./constructs/network.js";
import { Pipeline } from "./constructs/pipeline.js";
import { Trigger } from "./constructs/trigger.js";
import { UserPool } from "./constructs/userPool.js";
import { WebHosting } from "./constructs/webHosting.js";
import { webEnvVariables, type WebOutputs } from "./webEnv.js";

export interface AuthhubStackProps extends StackProps {
  config: InfraConfig;
  /** Directory with the built trigger (`npm run build -w packages/triggers` -> packages/triggers/dist). */
  triggerBundleDir: string;
}

/** Local web app origin (docs/conventions.md), allowed as a redirect only when context says so. */
export const LOCAL_WEB_URL = "http://localhost:3000/";

/**
 * Everything the tutorial clicked together in the console, as one stack:
 * VPC -> RDS -> trigger Lambda -> Cognito; S3 + CloudFront for the web app; Elastic Beanstalk + CloudFront
 * for the API; CodePipeline from GitHub. Outputs carry every value the web app and API need.
 */
export class AuthhubStack extends Stack {
  readonly network: Network;
  readonly database: Database;
  readonly trigger: Trigger;
  readonly userPool: UserPool;
  readonly web: WebHosting;
  readonly api: Api;
  readonly pipeline: Pipeline;
  /** The redirect URLs registered on the web client (the web URL first). */
  readonly callbackUrls: string[];
  readonly logoutUrls: string[];

  constructor(scope: Construct, id: string, props: AuthhubStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.network = new Network(this, "Network", { natGateways: config.natGateways });
    this.database = new Database(this, "Database", {
      vpc: this.network.vpc,
      securityGroup: this.network.databaseSecurityGroup,
      instanceClass: config.dbInstanceClass,
      allocatedStorageGiB: config.dbAllocatedStorageGiB,
      backupRetentionDays: config.dbBackupRetentionDays,
      retainData: config.retainData,
    });
    this.trigger = new Trigger(this, "Trigger", {
      bundleDir: props.triggerBundleDir,
      vpc: this.network.vpc,
      securityGroup: this.network.triggerSecurityGroup,
      dbSecret: this.database.secret,
    });

    this.web = new WebHosting(this, "Web", { retainData: config.retainData });
    const webRedirect = `${this.web.url}${config.callbackPath}`;
    const local = config.allowLocalhost ? [LOCAL_WEB_URL] : [];
    this.callbackUrls = unique([webRedirect, ...local, ...config.callbackUrls]);
    this.logoutUrls = unique([webRedirect, ...local, ...config.logoutUrls]);

    this.userPool = new UserPool(this, "Auth", {
      domainPrefix: config.domainPrefix,
      googleClientId: config.googleClientId,
      googleClientSecretName: config.googleClientSecretName,
      googleClientSecretField: config.googleClientSecretField,
      trigger: this.trigger.function,
      preTokenGenerationV2: config.preTokenGenerationV2,
      callbackUrls: this.callbackUrls,
      logoutUrls: this.logoutUrls,
      allowImplicitGrant: config.allowImplicitGrant,
      retainData: config.retainData,
    });

    this.api = new Api(this, "Api", {
      vpc: this.network.vpc,
      securityGroup: this.network.apiSecurityGroup,
      dbSecret: this.database.secret,
      userPoolId: this.userPool.pool.userPoolId,
      webClientId: this.userPool.webClient.userPoolClientId,
      tokenUse: config.apiTokenUse,
      // Origins carry no path or trailing slash.
      corsOrigins: [this.web.url, ...(config.allowLocalhost ? [LOCAL_WEB_URL.replace(/\/$/, "")] : [])],
      instanceType: config.ebInstanceType,
      solutionStack: config.ebSolutionStack,
      minInstances: config.ebMinInstances,
      maxInstances: config.ebMaxInstances,
      certificateArn: config.apiCertificateArn,
      originDomainName: config.apiOriginDomainName,
    });

    const webOutputs: WebOutputs = {
      UserPoolId: this.userPool.pool.userPoolId,
      UserPoolClientId: this.userPool.webClient.userPoolClientId,
      UserPoolDomain: this.userPool.domainHost,
      // The deployed build is only ever served from CloudFront, so it redirects there.
      OAuthRedirectSignIn: webRedirect,
      OAuthRedirectSignOut: webRedirect,
      ApiUrl: this.api.url,
      ApiTokenUse: config.apiTokenUse,
    };

    this.pipeline = new Pipeline(this, "Delivery", {
      connectionArn: config.codestarConnectionArn,
      owner: config.githubOwner,
      repo: config.githubRepo,
      branch: config.githubBranch,
      ebApplicationName: this.api.application.ref,
      ebEnvironmentName: this.api.environment.ref,
      webBucket: this.web.bucket,
      webDistributionId: this.web.distribution.distributionId,
      webBuildEnv: webEnvVariables(webOutputs),
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    const describe: Record<keyof WebOutputs, string> = {
      UserPoolId: "Cognito user pool ID (VITE_USER_POOL_ID, COGNITO_USER_POOL_ID)",
      UserPoolClientId: "Web app client ID, no secret (VITE_USER_POOL_CLIENT_ID, COGNITO_CLIENT_IDS)",
      UserPoolDomain: "Hosted UI / OAuth domain without scheme (VITE_OAUTH_DOMAIN)",
      OAuthRedirectSignIn: "Redirect after sign-in, registered on the client (VITE_OAUTH_REDIRECT_SIGN_IN)",
      OAuthRedirectSignOut: "Redirect after sign-out, registered on the client (VITE_OAUTH_REDIRECT_SIGN_OUT)",
      ApiUrl: "HTTPS URL of the API (VITE_API_URL)",
      ApiTokenUse: "Token the API accepts (COGNITO_TOKEN_USE; VITE_API_TOKEN)",
    };
    for (const [key, value] of Object.entries(webOutputs)) output(key, value, describe[key as keyof WebOutputs]);
    output("Region", Aws.REGION, "AWS region of the user pool (COGNITO_REGION)");
    output("WebUrl", this.web.url, "CloudFront URL of the web app");
    output("WebBucketName", this.web.bucket.bucketName, "S3 bucket holding the web build");
    output("WebDistributionId", this.web.distribution.distributionId, "CloudFront distribution of the web app");
    output("ApiEnvironmentName", this.api.environment.ref, "Elastic Beanstalk environment of the API");
    output(
      "ApiLoadBalancerEndpoint",
      this.api.environment.attrEndpointUrl,
      "Load balancer DNS name (CNAME target for apiOriginDomainName)",
    );
    output("DatabaseSecretArn", this.database.secret.secretArn, "RDS-generated secret (DB_SECRET_ARN)");
    output("PipelineName", this.pipeline.pipeline.pipelineName, "CodePipeline that deploys the API and web app");
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
