/**
 * GetClientToken and GetDerivedToken through the AWS SDK v3 on each engine. Every issued token is verified
 * with jose against the pool's served JWKS: GetClientToken's M2M token as the client_credentials grant makes
 * it; GetDerivedToken's impersonation and delegation tokens (narrowed scopes, audience, `act`, never beyond the
 * subject token's expiry), and Cognito's refusals (flows, secrets, foreign or forged tokens, SAML2). The SDK
 * (3.1178) signs both operations (they are not in its no-auth list), so they go out through the signed client;
 * the server takes them signed or not, as every public operation.
 */
import {
  CreateUserPoolClientCommand,
  GetClientTokenCommand,
  GetDerivedTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import {
  API,
  CONF,
  CONF_SECRET,
  createUser,
  M2M,
  M2M_SECRET,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
} from "./support.js";

describe.each(testEngines())("client and derived tokens on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let verify: (token: string) => Promise<Record<string, unknown>>;
  let exchanger: { id: string; secret: string };
  let impersonator: string;
  let userTokens: { access: string; id: string };
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    const jwks = createRemoteJWKSet(new URL(`${up.issuer(POOL)}/.well-known/jwks.json`));
    verify = async (token) =>
      (await jwtVerify(token, jwks, { issuer: up.issuer(POOL), algorithms: ["RS256"] })).payload as Record<
        string,
        unknown
      >;
    const created = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: POOL,
        ClientName: "exchanger",
        GenerateSecret: true,
        ExplicitAuthFlows: ["ALLOW_TOKEN_EXCHANGE_IMPERSONATION", "ALLOW_TOKEN_EXCHANGE_DELEGATION"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        CallbackURLs: ["https://app.example.com/cb"],
        AllowedOAuthScopes: ["openid", "email", "aws.cognito.signin.user.admin", `${API}/read`],
      }),
    );
    exchanger = { id: created.UserPoolClient!.ClientId!, secret: created.UserPoolClient!.ClientSecret! };
    impersonator = (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: POOL,
          ClientName: "impersonator",
          ExplicitAuthFlows: ["ALLOW_TOKEN_EXCHANGE_IMPERSONATION"],
        }),
      )
    ).UserPoolClient!.ClientId!;
    const email = await createUser(up);
    const auth = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: WEB,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    userTokens = { access: auth.AuthenticationResult!.AccessToken!, id: auth.AuthenticationResult!.IdToken! };
  }, 120_000);
  afterAll(async () => {
    await up?.cleanup();
  });

  it("GetClientToken issues the client's M2M access token", async () => {
    const all = await up.admin.send(new GetClientTokenCommand({ ClientId: M2M, Secret: M2M_SECRET }));
    expect(all.ClientAuthenticationResult).toMatchObject({ TokenType: "Bearer", ExpiresIn: 3600 });
    const claims = await verify(all.ClientAuthenticationResult!.AccessToken!);
    expect(claims).toMatchObject({ sub: M2M, client_id: M2M, token_use: "access", scope: `${API}/read ${API}/write` });
    const one = await up.admin.send(
      new GetClientTokenCommand({ ClientId: M2M, Secret: M2M_SECRET, Scopes: [`${API}/write`] }),
    );
    expect((await verify(one.ClientAuthenticationResult!.AccessToken!)).scope).toBe(`${API}/write`);
  });

  it("GetClientToken refuses a wrong secret, a client without one or without the grant, a foreign scope", async () => {
    await expect(
      up.admin.send(new GetClientTokenCommand({ ClientId: M2M, Secret: "wrong0secret" })),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(up.admin.send(new GetClientTokenCommand({ ClientId: WEB, Secret: "anything" }))).rejects.toMatchObject(
      {
        name: "NotAuthorizedException",
      },
    );
    await expect(
      up.admin.send(new GetClientTokenCommand({ ClientId: CONF, Secret: CONF_SECRET })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      up.admin.send(new GetClientTokenCommand({ ClientId: M2M, Secret: M2M_SECRET, Scopes: ["openid"] })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("openid") });
    await expect(
      up.admin.send(new GetClientTokenCommand({ ClientId: "nosuchclient000000000001", Secret: "x" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("GetDerivedToken impersonates: narrowed scopes, audience, the subject, a usable token", async () => {
    const out = await up.admin.send(
      new GetDerivedTokenCommand({
        ClientId: exchanger.id,
        ClientSecret: exchanger.secret,
        SubjectToken: userTokens.access,
        SubjectTokenType: "ACCESS_TOKEN",
        Scopes: ["aws.cognito.signin.user.admin", `${API}/read`],
        Audiences: ["orders-service"],
      }),
    );
    expect(out).toMatchObject({ IssuedTokenType: "ACCESS_TOKEN", TokenType: "Bearer" });
    // The subject token (WEB's) holds no API scope: the intersection keeps the admin scope only.
    expect(out.Scopes).toEqual(["aws.cognito.signin.user.admin"]);
    const subject = decodeJwt(userTokens.access);
    const claims = await verify(out.IssuedToken!);
    expect(claims).toMatchObject({
      sub: subject.sub,
      username: subject.username,
      client_id: exchanger.id,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      aud: "orders-service",
    });
    expect(claims.act).toBeUndefined();
    expect(claims.exp as number).toBeLessThanOrEqual(subject.exp!);
    expect(out.ExpiresIn).toBe((claims.exp as number) - (claims.iat as number));
    // A standard access token: the JSON API takes it.
    const me = await up.anon.send(new GetUserCommand({ AccessToken: out.IssuedToken! }));
    expect(me.Username).toBe(subject.username);
  });

  it("GetDerivedToken delegates: an act claim names the actor; ID tokens in and out", async () => {
    const actor = await up.admin.send(new GetClientTokenCommand({ ClientId: M2M, Secret: M2M_SECRET }));
    const out = await up.admin.send(
      new GetDerivedTokenCommand({
        ClientId: exchanger.id,
        ClientSecret: exchanger.secret,
        SubjectToken: userTokens.id,
        SubjectTokenType: "ID_TOKEN",
        ActorToken: actor.ClientAuthenticationResult!.AccessToken!,
        ActorTokenType: "ACCESS_TOKEN",
        RequestedTokenType: "ID_TOKEN",
      }),
    );
    expect(out.IssuedTokenType).toBe("ID_TOKEN");
    const claims = await verify(out.IssuedToken!);
    const subject = decodeJwt(userTokens.id);
    expect(claims).toMatchObject({
      sub: subject.sub,
      email: subject.email,
      "cognito:username": subject["cognito:username"],
      token_use: "id",
      aud: exchanger.id,
      act: { sub: M2M, client_id: M2M },
    });
  });

  it("GetDerivedToken refuses what the client may not do and tokens it cannot trust", async () => {
    const send = (input: Partial<ConstructorParameters<typeof GetDerivedTokenCommand>[0]>) =>
      up.admin.send(
        new GetDerivedTokenCommand({
          ClientId: exchanger.id,
          ClientSecret: exchanger.secret,
          SubjectToken: userTokens.access,
          SubjectTokenType: "ACCESS_TOKEN",
          ...input,
        }),
      );
    // Flows: WEB has neither; the impersonator may not delegate.
    await expect(send({ ClientId: WEB, ClientSecret: undefined })).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "TOKEN_EXCHANGE_IMPERSONATION flow not enabled for this client",
    });
    await expect(
      send({
        ClientId: impersonator,
        ClientSecret: undefined,
        ActorToken: userTokens.access,
        ActorTokenType: "ACCESS_TOKEN",
      }),
    ).rejects.toMatchObject({ message: "TOKEN_EXCHANGE_DELEGATION flow not enabled for this client" });
    expect((await send({ ClientId: impersonator, ClientSecret: undefined })).IssuedToken).toBeDefined();
    await expect(send({ ClientSecret: undefined })).rejects.toMatchObject({ name: "NotAuthorizedException" });
    // A forged signature, the wrong declared type, another provider's token, SAML.
    const [h, p] = userTokens.access.split(".");
    await expect(send({ SubjectToken: `${h}.${p}.${"A".repeat(342)}` })).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await expect(send({ SubjectToken: userTokens.id })).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(send({ SubjectTokenProviderName: "Google" })).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("SubjectTokenProviderName"),
    });
    await expect(send({ SubjectTokenType: "SAML2" })).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("SAML2"),
    });
    await expect(send({ Audiences: ["a"], Resources: [API] })).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(send({ Resources: ["https://unknown.example.com"] })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(send({ Scopes: ["email"] })).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
