import { Duration, RemovalPolicy, SecretValue } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

export interface UserPoolProps {
  domainPrefix: string;
  googleClientId: string;
  googleClientSecretName: string;
  googleClientSecretField: string | undefined;
  trigger: lambda.IFunction;
  preTokenGenerationV2: boolean;
  callbackUrls: string[];
  logoutUrls: string[];
  allowImplicitGrant: boolean;
  retainData: boolean;
}

/** Scopes the web client may request; the same list the web app asks for (VITE_OAUTH_SCOPES). */
export const WEB_CLIENT_SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"] as const;

/**
 * The Cognito side of the tutorial: email-as-username pool with link verification, a hosted domain,
 * Google federation and one public web client, with the user-sync trigger attached.
 */
export class UserPool extends Construct {
  readonly pool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  readonly google: cognito.UserPoolIdentityProviderGoogle;
  readonly webClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    this.pool = new cognito.UserPool(this, "Pool", {
      // The V2 trigger event exists only on Essentials and Plus; Lite is the cheaper plan otherwise.
      featurePlan: props.preTokenGenerationV2 ? cognito.FeaturePlan.ESSENTIALS : cognito.FeaturePlan.LITE,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed e-mail waits for its code; the old one stays in force until then (AttributesRequireVerification-
      // BeforeUpdate), so a typo cannot lock the user out of sign-in and recovery.
      keepOriginal: { email: true },
      userVerification: {
        emailStyle: cognito.VerificationEmailStyle.LINK,
        emailSubject: "Verify your Authhub account",
        emailBody: "Welcome to Authhub. Verify your email address by following this link: {##Verify Email##}",
      },
      // Federated sign-in rewrites email, name and picture on every login, so they must stay mutable.
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
        profilePicture: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    if (props.preTokenGenerationV2) {
      // V2 lets the trigger customise access tokens too (LambdaConfig.PreTokenGenerationConfig, version V2_0).
      this.pool.addTrigger(
        cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
        props.trigger,
        cognito.LambdaVersion.V2_0,
      );
    } else {
      // The tutorial's V1 event: the trigger adds db_user_id to the ID token only.
      this.pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, props.trigger);
    }

    // Link verification sends users to this domain, and the hosted UI and OAuth endpoints live on it.
    this.domain = this.pool.addDomain("Domain", { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.google = new cognito.UserPoolIdentityProviderGoogle(this, "Google", {
      userPool: this.pool,
      clientId: props.googleClientId,
      // A CloudFormation dynamic reference: the secret is resolved by CloudFormation, never written to the template.
      clientSecretValue: SecretValue.secretsManager(
        props.googleClientSecretName,
        props.googleClientSecretField ? { jsonField: props.googleClientSecretField } : {},
      ),
      scopes: ["openid", "email", "profile"],
      attributeMapping: {
        email: cognito.ProviderAttribute.GOOGLE_EMAIL,
        emailVerified: cognito.ProviderAttribute.GOOGLE_EMAIL_VERIFIED,
        fullname: cognito.ProviderAttribute.GOOGLE_NAME,
        profilePicture: cognito.ProviderAttribute.GOOGLE_PICTURE,
      },
    });

    this.webClient = this.pool.addClient("WebClient", {
      userPoolClientName: "authhub-web",
      // A browser app cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        cognito.UserPoolClientIdentityProvider.GOOGLE,
      ],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: props.allowImplicitGrant },
        scopes: [
          cognito.OAuthScope.OPENID,
          cognito.OAuthScope.EMAIL,
          cognito.OAuthScope.PROFILE,
          cognito.OAuthScope.COGNITO_ADMIN,
        ],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    // The client names Google as a provider, so the provider must exist first.
    this.webClient.node.addDependency(this.google);
  }

  /** Hosted domain host without scheme, e.g. authhub.auth.eu-west-1.amazoncognito.com (what Amplify wants). */
  get domainHost(): string {
    return `${this.domain.domainName}.auth.${this.pool.stack.region}.amazoncognito.com`;
  }
}
