import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
  type RespondToAuthChallengeCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { createClientEphemeral, passwordVerifierResponses, srpAuthParameters } from "./srpClient.js";

/** USER_SRP_AUTH + PASSWORD_VERIFIER through the AWS SDK, with the native SRP test client doing the client math. */
export async function srpSignIn(
  client: CognitoIdentityProviderClient,
  i: {
    poolId: string;
    clientId: string;
    username: string;
    password: string;
    extraAuth?: Record<string, string>;
    extraResponses?: (userIdForSrp: string) => Record<string, string>;
  },
): Promise<RespondToAuthChallengeCommandOutput> {
  const ephemeral = createClientEphemeral({ aBytes: 32 });
  const started = await client.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_SRP_AUTH",
      ClientId: i.clientId,
      AuthParameters: { ...srpAuthParameters(i.username, ephemeral), ...i.extraAuth },
    }),
  );
  if (started.ChallengeName !== "PASSWORD_VERIFIER")
    throw new Error(`expected PASSWORD_VERIFIER, got ${started.ChallengeName}`);
  const params = started.ChallengeParameters!;
  const responses = passwordVerifierResponses({
    poolName: i.poolId.split("_")[1]!,
    password: i.password,
    ephemeral,
    challengeParameters: params,
  });
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: i.clientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: { ...responses, ...i.extraResponses?.(params.USER_ID_FOR_SRP!) },
      ...(started.Session ? { Session: started.Session } : {}),
    }),
  );
}
