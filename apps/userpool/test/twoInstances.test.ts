/**
 * Two server instances on one database behave as one pool: sign up on A, confirm on B, start SRP on
 * A and answer it on B, refresh on A, read on B. Runs on a shared SQLite file always and on
 * PostgreSQL whenever USERPOOL_DATABASE_URL is set.
 */
import {
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { createClientEphemeral, passwordVerifierResponses, srpAuthParameters } from "./support/srpClient.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  latestCode,
  POOL_ID,
  ROTATING_CLIENT_ID,
  startTwoInstancesOn,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

describe.each(testEngines())("two instances on one $name database", (engine) => {
  let a: TestUserpool;
  let b: TestUserpool;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ a, b, stop } = await startTwoInstancesOn(engine));
  });
  afterAll(() => stop?.());

  it("sign up on A, confirm on B, SRP across both, refresh on A, GetUser on B", async () => {
    expect(b.applied.created).toEqual([]);
    const email = uniqueEmail("twin");
    const signUp = await a.anon.send(
      new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }),
    );
    // B reads the mail A sent: the dev mailbox lives in the database.
    await b.anon.send(
      new ConfirmSignUpCommand({
        ClientId: CLIENT_ID,
        Username: email,
        ConfirmationCode: await latestCode(b.url, email),
      }),
    );

    const ephemeral = createClientEphemeral({ aBytes: 32 });
    const challenge = await a.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: srpAuthParameters(email, ephemeral),
      }),
    );
    const responses = passwordVerifierResponses({
      poolName: POOL_ID.split("_")[1]!,
      password: GOOD_PASSWORD,
      ephemeral,
      challengeParameters: challenge.ChallengeParameters!,
    });
    const signedIn = await b.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT_ID,
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeResponses: responses,
      }),
    );
    const tokens = signedIn.AuthenticationResult!;
    expect(decodeJwt(tokens.IdToken!).sub).toBe(signUp.UserSub);

    const refreshed = await a.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    const viaGet = await b.anon.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: tokens.RefreshToken! }),
    );
    expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).origin_jti).toBe(
      decodeJwt(viaGet.AuthenticationResult!.AccessToken!).origin_jti,
    );

    // Tokens signed by A verify on B: the signing keys live in the database too.
    const user = await b.anon.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken! }));
    expect(user.Username).toBe(signUp.UserSub);
    const jwksA = await (await fetch(`${a.url}/${POOL_ID}/.well-known/jwks.json`)).json();
    const jwksB = await (await fetch(`${b.url}/${POOL_ID}/.well-known/jwks.json`)).json();
    expect(jwksA).toEqual(jwksB);
  });

  it("a rotated refresh token is dead on both instances; replaying it on one ends the session on both", async () => {
    const email = uniqueEmail("twinrot");
    await a.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    await a.anon.send(
      new ConfirmSignUpCommand({
        ClientId: CLIENT_ID,
        Username: email,
        ConfirmationCode: await latestCode(a.url, email),
      }),
    );
    const r = await b.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: ROTATING_CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    const rotated = await a.anon.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: ROTATING_CLIENT_ID,
        RefreshToken: r.AuthenticationResult!.RefreshToken!,
      }),
    );
    expect(rotated.AuthenticationResult!.RefreshToken).toBeTruthy();
    await expect(
      b.anon.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: ROTATING_CLIENT_ID,
          RefreshToken: r.AuthenticationResult!.RefreshToken!,
        }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    // The replay revoked the whole session (docs/security/sessions.md): the successor is refused on either instance.
    for (const up of [a, b]) {
      await expect(
        up.anon.send(
          new GetTokensFromRefreshTokenCommand({
            ClientId: ROTATING_CLIENT_ID,
            RefreshToken: rotated.AuthenticationResult!.RefreshToken!,
          }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
    }
  });
});
