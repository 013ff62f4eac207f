/** A pool with choice-based sign-in (USER_AUTH) for the USER_AUTH tests. */
import {
  type AuthFactorType,
  type CognitoIdentityProviderClient,
  type LambdaConfigType,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type PreventUserExistenceErrorTypes,
} from "@aws-sdk/client-cognito-identity-provider";
import { TEST_SMS_CONFIGURATION } from "./fakes.js";

/**
 * A pool with e-mail as username, the first factors PASSWORD, EMAIL_OTP and SMS_OTP, the pool's own
 * e-mail sender and an SMS configuration; and a public client allowing USER_AUTH.
 */
export async function createUserAuthPool(
  admin: Pick<CognitoIdentityProviderClient, "send">,
  o: {
    preventUserExistenceErrors?: PreventUserExistenceErrorTypes;
    /** Triggers; in-process modules need the userpool's triggerModuleDirs. */
    lambdaConfig?: LambdaConfigType;
    /** AllowedFirstAuthFactors; PASSWORD, EMAIL_OTP and SMS_OTP when left out. */
    firstFactors?: AuthFactorType[];
  } = {},
): Promise<{ poolId: string; clientId: string }> {
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({
      PoolName: "user-auth",
      UsernameAttributes: ["email"],
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: o.firstFactors ?? ["PASSWORD", "EMAIL_OTP", "SMS_OTP"] } },
      EmailConfiguration: {
        EmailSendingAccount: "DEVELOPER",
        SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
      },
      SmsConfiguration: TEST_SMS_CONFIGURATION,
      ...(o.lambdaConfig ? { LambdaConfig: o.lambdaConfig } : {}),
    }),
  );
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "user-auth",
      ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      ...(o.preventUserExistenceErrors ? { PreventUserExistenceErrors: o.preventUserExistenceErrors } : {}),
    }),
  );
  return { poolId, clientId: UserPoolClient!.ClientId! };
}
