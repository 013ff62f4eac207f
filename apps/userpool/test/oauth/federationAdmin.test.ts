/**
 * Federation administration through the AWS SDK v3 on each engine: AdminLinkProviderForUser makes a later
 * dev-Google sign-in land on the linked native user (same sub, username, groups of that user); Cognito's
 * refusals (a source user who already signed in, a second link, a sixth link, unknown users and providers,
 * a non-subject attribute); AdminDisableProviderForUser unlinks (the next sign-in makes its own federated
 * user) and takes away a native user's password; GetIdentityProviderByIdentifier; GetSigningCertificate's
 * X.509 certificate.
 */
import { X509Certificate } from "node:crypto";
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  GetIdentityProviderByIdentifierCommand,
  GetSigningCertificateCommand,
  InitiateAuthCommand,
  UpdateIdentityProviderCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import {
  Browser,
  CALLBACK,
  createUser,
  OIDC_SCOPES,
  parseForm,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
} from "./support.js";

const GRACE = "117000000000000000001";
const SAME_MAIL = "117000000000000000002";

async function discover(up: OAuthUserpool): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
  });
}

/** A full sign-in through the development Google as `sub`; the ID token's claims. */
async function signInWithGoogle(up: OAuthUserpool, config: oidc.Configuration, sub: string) {
  const browser = new Browser(up.tlsFetch);
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: OIDC_SCOPES.join(" "),
    identity_provider: "Google",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: "link",
    nonce: "link-nonce",
  });
  const chooser = await browser.navigate(url.toString(), [up.hosted]);
  expect(chooser.status, chooser.body.slice(0, 300)).toBe(200);
  const { action, fields } = parseForm(chooser);
  const chosen = await browser.request(action, { form: { ...fields, sub } });
  expect(chosen.status).toBe(303);
  const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [up.hosted]);
  expect(back.location, back.body.slice(0, 300)).toBeDefined();
  const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), {
    pkceCodeVerifier: verifier,
    expectedState: "link",
    expectedNonce: "link-nonce",
    idTokenExpected: true,
  });
  return tokens.claims()!;
}

const cognito = (username: string) => ({ ProviderName: "Cognito", ProviderAttributeValue: username });
const google = (sub: string, name = "Cognito_Subject") => ({
  ProviderName: "Google",
  ProviderAttributeName: name,
  ProviderAttributeValue: sub,
});

describe.each(testEngines())("federation administration on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let config: oidc.Configuration;
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    config = await discover(up);
  }, 120_000);
  afterAll(async () => {
    await up?.cleanup();
  });

  const link = (destination: string, sub: string) =>
    up.admin.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: POOL,
        DestinationUser: cognito(destination),
        SourceUser: google(sub),
      }),
    );
  const attr = async (username: string, name: string) =>
    (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }))).UserAttributes!.find(
      (a) => a.Name === name,
    )?.Value;

  it("links a Google identity to a native user: the dev-Google sign-in lands on that user", async () => {
    const email = await createUser(up);
    const nativeSub = await attr(email, "sub");
    await link(email, GRACE);
    const identities = JSON.parse((await attr(email, "identities"))!);
    expect(identities).toEqual([
      expect.objectContaining({ userId: GRACE, providerName: "Google", providerType: "Google", primary: false }),
    ]);

    const claims = await signInWithGoogle(up, config, GRACE);
    expect(claims.sub).toBe(nativeSub);
    expect(claims.email).toBe(email);
    expect(claims.identities).toEqual([expect.objectContaining({ userId: GRACE, providerName: "Google" })]);
    // No Google_<sub> user was made, and the native user still signs in with its password.
    await expect(
      up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: `Google_${GRACE}` })),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });
    const pw = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: WEB,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    expect(pw.AuthenticationResult?.AccessToken).toBeDefined();

    // The identity is taken: linking it again, to anyone, is AliasExistsException.
    const other = await createUser(up);
    await expect(link(other, GRACE)).rejects.toMatchObject({ name: "AliasExistsException" });

    // Unlinked, the next sign-in makes its own Google_<sub> user.
    await up.admin.send(new AdminDisableProviderForUserCommand({ UserPoolId: POOL, User: google(GRACE) }));
    expect(await attr(email, "identities")).toBeUndefined();
    const after = await signInWithGoogle(up, config, GRACE);
    expect(after.sub).not.toBe(nativeSub);
    expect(after["cognito:username"]).toBe(`Google_${GRACE}`);
  });

  it("refuses a source user who already signed in, and what it cannot find or honour", async () => {
    await signInWithGoogle(up, config, SAME_MAIL);
    const email = await createUser(up);
    await expect(link(email, SAME_MAIL)).rejects.toMatchObject({
      name: "AliasExistsException",
      message: "The source user already exists in this user pool.",
    });
    await expect(link("nobody@example.com", "117000000000000000099")).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    await expect(
      up.admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: POOL,
          DestinationUser: cognito(email),
          SourceUser: { ProviderName: "Nope", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "1" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("Nope") });
    await expect(
      up.admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: POOL,
          DestinationUser: cognito(email),
          SourceUser: google("117000000000000000098", "email"),
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("Cognito_Subject") });
    await expect(
      up.admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: POOL,
          DestinationUser: cognito(email),
          SourceUser: cognito(email),
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      up.admin.send(
        new AdminDisableProviderForUserCommand({ UserPoolId: POOL, User: google("117000000000000000097") }),
      ),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it("links five identities to a user at most", async () => {
    const email = await createUser(up);
    for (let i = 0; i < 5; i++) await link(email, `2180000000000000000${i}`);
    await expect(link(email, "218000000000000000005")).rejects.toMatchObject({ name: "LimitExceededException" });
    expect(JSON.parse((await attr(email, "identities"))!)).toHaveLength(5);
  });

  it("AdminDisableProviderForUser with Cognito takes the native user's password away", async () => {
    const email = await createUser(up);
    await up.admin.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: POOL,
        User: { ProviderName: "Cognito", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: email },
      }),
    );
    const signIn = () =>
      up.anon.send(
        new InitiateAuthCommand({
          ClientId: WEB,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD },
        }),
      );
    await expect(signIn()).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await up.admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username: email, Password: PASSWORD, Permanent: true }),
    );
    expect((await signIn()).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("GetIdentityProviderByIdentifier finds a provider by its IdpIdentifiers", async () => {
    await up.admin.send(
      new UpdateIdentityProviderCommand({ UserPoolId: POOL, ProviderName: "Google", IdpIdentifiers: ["examplecorp"] }),
    );
    const found = await up.admin.send(
      new GetIdentityProviderByIdentifierCommand({ UserPoolId: POOL, IdpIdentifier: "examplecorp" }),
    );
    expect(found.IdentityProvider).toMatchObject({
      UserPoolId: POOL,
      ProviderName: "Google",
      ProviderType: "Google",
      IdpIdentifiers: ["examplecorp"],
    });
    await expect(
      up.admin.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: POOL, IdpIdentifier: "othercorp" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      up.admin.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: POOL, IdpIdentifier: "bad/identifier" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("GetSigningCertificate answers one self-signed RSA certificate for ten years, every time", async () => {
    const first = await up.admin.send(new GetSigningCertificateCommand({ UserPoolId: POOL }));
    expect(first.Certificate).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const cert = new X509Certificate(Buffer.from(first.Certificate!, "base64"));
    expect(cert.subject).toBe(`CN=urn:amazon:cognito:sp:${POOL}`);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe("rsa");
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.2425 * 86_400_000);
    expect(years).toBeGreaterThan(9.99);
    expect(years).toBeLessThan(10.01);
    const again = await up.admin.send(new GetSigningCertificateCommand({ UserPoolId: POOL }));
    expect(again.Certificate).toBe(first.Certificate);
    await expect(
      up.admin.send(new GetSigningCertificateCommand({ UserPoolId: "us-east-1_Missing01" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
