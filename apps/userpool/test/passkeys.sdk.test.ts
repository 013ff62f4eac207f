/**
 * Passkeys through the AWS SDK v3 with a software authenticator (support/passkeys.ts): pool settings,
 * registration (attestation none, packed self, packed with x5c), listing, USER_AUTH sign-in with WEB_AUTHN
 * (preferred, selected, admin), deletion, the user's auth factors, and the attacks each check exists for:
 * a tampered signature, a wrong origin, a wrong RP ID hash, a replayed assertion or registration, a
 * counter that goes back, another user's passkey, a missing user verification, and one challenge answered
 * twice in parallel.
 */
import {
  AdminGetUserAuthFactorsCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteWebAuthnCredentialCommand,
  DescribeUserPoolCommand,
  GetUserAuthFactorsCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  type PreventUserExistenceErrorTypes,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  type UserVerificationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { MAX_PASSKEYS_PER_USER, REGISTRATION_TIMEOUT_MS } from "../src/services/webAuthn.js";
import { ConsoleClient } from "./support/console.js";
import { testEngines } from "./support/engines.js";
import { rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { mfaUser } from "./support/mfa.js";
import {
  type AttestationKind,
  type CreationOptions,
  type Knobs,
  type RequestOptions,
  SoftwareAuthenticator,
} from "./support/passkeys.js";
import { allTriggers, eventsOf, RECORDER, resetRecorder, TRIGGER_MODULES } from "./support/triggerPools.js";
import { GOOD_PASSWORD, latestCode } from "./support/userpool.js";

const ORIGIN = "http://localhost:3000";
const HONEST: Knobs = { origin: ORIGIN };

describe.each(testEngines())("passkeys through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  let poolId: string;
  let clientId: string;

  /** A pool allowing PASSWORD and WEB_AUTHN (plus e-mail MFA to show none follows a passkey). */
  async function createPasskeyPool(
    o: {
      rpId?: string;
      uv?: UserVerificationType;
      hide?: PreventUserExistenceErrorTypes;
      lambda?: boolean;
      mfa?: boolean;
    } = {},
  ) {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "passkeys",
        UsernameAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } },
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
        },
        ...(o.lambda ? { LambdaConfig: allTriggers(RECORDER) } : {}),
      }),
    );
    const id = UserPool!.Id!;
    await up.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: id,
        MfaConfiguration: o.mfa ? "OPTIONAL" : "OFF",
        ...(o.mfa ? { EmailMfaConfiguration: {} } : {}),
        WebAuthnConfiguration: {
          RelyingPartyId: o.rpId ?? "localhost",
          UserVerification: o.uv ?? "required",
        },
      }),
    );
    const client = async () =>
      (
        await up.admin.send(
          new CreateUserPoolClientCommand({
            UserPoolId: id,
            ClientName: "passkeys",
            ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"],
            ...(o.hide ? { PreventUserExistenceErrors: o.hide } : {}),
          }),
        )
      ).UserPoolClient!.ClientId!;
    return { poolId: id, clientId: await client(), otherClientId: await client() };
  }

  beforeAll(async () => {
    up = await startOn(engine, { clock, triggerModuleDirs: [TRIGGER_MODULES] });
    ({ poolId, clientId } = await createPasskeyPool());
  });
  afterAll(async () => {
    await up?.stop();
  });

  const start = (username: string, params: Record<string, string> = {}, client = clientId) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_AUTH",
        ClientId: client,
        AuthParameters: { USERNAME: username, ...params },
      }),
    );
  const respond = (
    ChallengeName: "WEB_AUTHN" | "SELECT_CHALLENGE",
    Session: string | undefined,
    responses: Record<string, string>,
    client = clientId,
  ) =>
    up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: client,
        ChallengeName,
        ...(Session ? { Session } : {}),
        ChallengeResponses: responses,
      }),
    );

  /** A confirmed user with a password and a verified e-mail, signed in: its e-mail and access token. */
  async function signedInUser(pool = poolId, client = clientId) {
    const email = await mfaUser(up.admin, pool, "pk");
    const r = await start(email, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD }, client);
    return { email, token: r.AuthenticationResult!.AccessToken! };
  }

  async function creationOptions(token: string): Promise<CreationOptions> {
    const r = await up.anon.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    return r.CredentialCreationOptions as unknown as CreationOptions;
  }

  async function register(
    token: string,
    auth = new SoftwareAuthenticator(),
    kind: AttestationKind = "none",
    knobs: Knobs = HONEST,
  ) {
    const options = await creationOptions(token);
    const credential = await auth.register(options, knobs, kind);
    await up.anon.send(
      new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }),
    );
    return auth;
  }

  /** A WEB_AUTHN challenge for `email` (preferred): its session and request options. */
  async function challenge(email: string, client = clientId) {
    const r = await start(email, { PREFERRED_CHALLENGE: "WEB_AUTHN" }, client);
    expect(r.ChallengeName).toBe("WEB_AUTHN");
    const options = JSON.parse(r.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as RequestOptions;
    return { session: r.Session!, options, username: r.ChallengeParameters!.USERNAME! };
  }

  const answer = (email: string, session: string, credential: Record<string, unknown>, client = clientId) =>
    respond("WEB_AUTHN", session, { USERNAME: email, CREDENTIAL: JSON.stringify(credential) }, client);

  it("WebAuthnConfiguration is stored and shown; WEB_AUTHN is a first factor DescribeUserPool shows", async () => {
    const mfa = await up.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(mfa.WebAuthnConfiguration).toEqual({
      RelyingPartyId: "localhost",
      UserVerification: "required",
      FactorConfiguration: "SINGLE_FACTOR",
    });
    const d = await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(d.UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(["PASSWORD", "WEB_AUTHN"]);
    // SetUserPoolMfaConfig without WebAuthnConfiguration keeps it (passkeys are no MFA factor).
    await up.admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OFF" }));
    expect(
      (await up.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).WebAuthnConfiguration,
    ).toEqual(mfa.WebAuthnConfiguration);
    for (const [config, text] of [
      [{ RelyingPartyId: "localhost:3000" }, "must be a domain name"],
      [{ RelyingPartyId: "127.0.0.1" }, "not an IP address"],
      [{ FactorConfiguration: "MULTI_FACTOR_WITH_USER_VERIFICATION" }, "MULTI_FACTOR_WITH_USER_VERIFICATION"],
    ] as const) {
      const e = await rejection(
        up.admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, WebAuthnConfiguration: config })),
      );
      expect([e.name, e.message]).toEqual(["InvalidParameterException", expect.stringContaining(text)]);
    }
  });

  it("registers a passkey (attestation none) from Cognito's creation options, lists it, signs in", async () => {
    const { email, token } = await signedInUser();
    const options = await creationOptions(token);
    expect(options).toEqual({
      challenge: expect.stringMatching(/^[\w-]{43}$/u),
      rp: { id: "localhost", name: "passkeys" },
      user: { id: expect.stringMatching(/^[\w-]+$/u), name: expect.any(String), displayName: email },
      pubKeyCredParams: [
        { type: "public-key", alg: -7 },
        { type: "public-key", alg: -257 },
      ],
      timeout: REGISTRATION_TIMEOUT_MS,
      excludeCredentials: [],
      authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
      attestation: "none",
      extensions: { credProps: true },
    });
    const auth = new SoftwareAuthenticator();
    const credential = await auth.register(options, HONEST, "none");
    await up.anon.send(
      new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }),
    );

    const list = await up.anon.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(list.Credentials).toEqual([
      {
        CredentialId: auth.id,
        FriendlyCredentialName: expect.stringMatching(/^Platform passkey \d{4}-\d{2}-\d{2}$/u),
        RelyingPartyId: "localhost",
        AuthenticatorAttachment: "platform",
        AuthenticatorTransports: ["internal", "hybrid"],
        CreatedAt: expect.any(Date),
      },
    ]);
    expect(list.NextToken).toBeUndefined();
    // The next registration excludes the registered passkey.
    expect((await creationOptions(token)).excludeCredentials).toEqual([
      { type: "public-key", id: auth.id, transports: ["internal", "hybrid"] },
    ]);

    const c = await challenge(email);
    expect(c.options).toEqual({
      challenge: expect.stringMatching(/^[\w-]{43}$/u),
      timeout: expect.any(Number),
      rpId: "localhost",
      allowCredentials: [{ type: "public-key", id: auth.id, transports: ["internal", "hybrid"] }],
      userVerification: "required",
    });
    const r = await answer(email, c.session, auth.assert(c.options, HONEST));
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(r.ChallengeName).toBeUndefined();
  });

  it("registers packed attestations, self-signed and with an x5c chain, and signs in with each", async () => {
    const { email, token } = await signedInUser();
    const self = await register(token, new SoftwareAuthenticator(), "packed-self");
    const x5c = await register(token, new SoftwareAuthenticator(), "packed-x5c");
    const list = await up.anon.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(list.Credentials?.map((c) => c.CredentialId).sort()).toEqual([self.id, x5c.id].sort());
    for (const auth of [self, x5c]) {
      const c = await challenge(email);
      expect(c.options.allowCredentials.map((a) => a.id).sort()).toEqual([self.id, x5c.id].sort());
      expect((await answer(email, c.session, auth.assert(c.options, HONEST))).AuthenticationResult).toBeDefined();
    }
  });

  it("SELECT_CHALLENGE offers WEB_AUTHN only to users with a passkey; AdminInitiateAuth signs in too", async () => {
    const without = await signedInUser();
    const s0 = await start(without.email);
    expect(s0.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP"]);
    // Preferred but unavailable falls back to SELECT_CHALLENGE (ADR 0023).
    expect((await start(without.email, { PREFERRED_CHALLENGE: "WEB_AUTHN" })).ChallengeName).toBe("SELECT_CHALLENGE");
    const e = await rejection(
      respond("SELECT_CHALLENGE", s0.Session, { USERNAME: without.email, ANSWER: "WEB_AUTHN" }),
    );
    expect(e.name).toBe("InvalidParameterException");

    const { email, token } = await signedInUser();
    const auth = await register(token);
    const s = await start(email);
    expect(s.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]);
    const picked = await respond("SELECT_CHALLENGE", s.Session, { USERNAME: email, ANSWER: "WEB_AUTHN" });
    expect(picked.ChallengeName).toBe("WEB_AUTHN");
    const options = JSON.parse(picked.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as RequestOptions;
    const r = await answer(email, picked.Session!, auth.assert(options, HONEST));
    expect(r.AuthenticationResult?.IdToken).toBeTruthy();

    const a = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: "WEB_AUTHN" },
      }),
    );
    expect(a.ChallengeName).toBe("WEB_AUTHN");
    const adminOptions = JSON.parse(a.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as RequestOptions;
    const done = await up.admin.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "WEB_AUTHN",
        Session: a.Session!,
        ChallengeResponses: { USERNAME: email, CREDENTIAL: JSON.stringify(auth.assert(adminOptions, HONEST)) },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("refuses forged assertions: signature, origin, RP ID hash, UV, counter, another user's passkey", async () => {
    const { email, token } = await signedInUser();
    const auth = await register(token);
    const other = await signedInUser();
    const stranger = await register(other.token);
    const refused = async (make: (o: RequestOptions) => Record<string, unknown>, reason: string) => {
      const c = await challenge(email);
      const e = await rejection(answer(email, c.session, make(c.options)));
      expect([e.name, e.message]).toEqual(["NotAuthorizedException", expect.stringContaining(reason)]);
    };
    await refused((o) => auth.assert(o, { ...HONEST, tamperSignature: true }), "could not be verified");
    await refused((o) => auth.assert(o, { origin: "https://evil.example" }), "Origin https://evil.example is not");
    await refused((o) => auth.assert(o, { origin: "https://localhost.evil.example" }), "is not allowed");
    await refused((o) => auth.assert(o, { ...HONEST, rpId: "evil.example" }), "RP ID");
    await refused((o) => auth.assert(o, { ...HONEST, userVerified: false }), "User verification required");
    await refused((o) => auth.assert(o, { ...HONEST, userPresent: false, userVerified: false }), "not present");
    await refused((o) => auth.assert(o, { ...HONEST, challenge: "A".repeat(43) }), "challenge");
    // Another user's passkey answers nobody else's challenge, even signed over this challenge.
    await refused((o) => stranger.assert(o, HONEST), "not registered for this user");
    // The counter must go up once it is nonzero: the honest sign-in moves it, a replayed count fails.
    const c = await challenge(email);
    expect((await answer(email, c.session, auth.assert(c.options, HONEST))).AuthenticationResult).toBeDefined();
    const used = auth.counter;
    await refused((o) => auth.assert(o, { ...HONEST, counter: used }), "counter");
    await refused((o) => auth.assert(o, { ...HONEST, counter: used - 1 }), "counter");
    // Honest again afterwards.
    const c2 = await challenge(email);
    expect((await answer(email, c2.session, auth.assert(c2.options, HONEST))).AuthenticationResult).toBeDefined();
  });

  it("a challenge is answered once: a replayed assertion fails, and two in parallel sign in exactly once", async () => {
    const { email, token } = await signedInUser();
    // Counter 0 forever, as many platform passkeys: only the challenge stops a replay.
    const auth = await register(token, new SoftwareAuthenticator({ countsSignatures: false }));
    const c = await challenge(email);
    const assertion = auth.assert(c.options, HONEST);
    expect((await answer(email, c.session, assertion)).AuthenticationResult).toBeDefined();
    const replay = await rejection(answer(email, c.session, assertion));
    expect(replay.name).toBe("NotAuthorizedException");
    // The same assertion against a new challenge does not verify either.
    const fresh = await challenge(email);
    expect((await rejection(answer(email, fresh.session, assertion))).name).toBe("NotAuthorizedException");

    for (let round = 0; round < 3; round++) {
      const p = await challenge(email);
      const a = auth.assert(p.options, HONEST);
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => answer(email, p.session, a)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results)
        if (r.status === "rejected") expect((r.reason as Error).name).toBe("NotAuthorizedException");
    }
  });

  it("refuses registrations: reused or expired challenge, origin, RP ID, another client, bad JSON", async () => {
    const pool = await createPasskeyPool();
    const { email, token } = await signedInUser(pool.poolId, pool.clientId);
    const auth = new SoftwareAuthenticator();
    const options = await creationOptions(token);
    const complete = (credential: unknown, accessToken = token) =>
      up.anon.send(
        new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }),
      );

    const bad = async (knobs: Knobs, name: string, text: string) => {
      const o = await creationOptions(token);
      const e = await rejection(complete(await new SoftwareAuthenticator().register(o, knobs)));
      expect([e.name, e.message]).toEqual([name, expect.stringContaining(text)]);
    };
    await bad({ origin: "https://evil.example" }, "WebAuthnOriginNotAllowedException", "https://evil.example");
    await bad({ origin: "http://evil.localhost:3000" }, "WebAuthnOriginNotAllowedException", "not allowed");
    await bad({ ...HONEST, rpId: "evil.example" }, "WebAuthnRelyingPartyMismatchException", "localhost");
    await bad({ ...HONEST, challenge: "B".repeat(43) }, "WebAuthnChallengeNotFoundException", "not found");
    await bad({ ...HONEST, userVerified: false }, "WebAuthnCredentialNotSupportedException", "verif");

    // A challenge answered once cannot register another passkey.
    const first = await auth.register(options, HONEST);
    await complete(first);
    const again = await rejection(complete(await new SoftwareAuthenticator().register(options, HONEST)));
    expect(again.name).toBe("WebAuthnChallengeNotFoundException");

    // The challenge is the client's whose access token started it, even for the same user.
    const viaOther = await start(
      email,
      { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD },
      pool.otherClientId,
    );
    const o = await creationOptions(token);
    const mismatch = await rejection(
      complete(await new SoftwareAuthenticator().register(o, HONEST), viaOther.AuthenticationResult!.AccessToken!),
    );
    expect(mismatch.name).toBe("WebAuthnClientMismatchException");

    // Expired after REGISTRATION_TIMEOUT_MS.
    const late = await creationOptions(token);
    clock.advance(REGISTRATION_TIMEOUT_MS + 1);
    const expired = await rejection(complete(await new SoftwareAuthenticator().register(late, HONEST)));
    expect(expired.name).toBe("WebAuthnChallengeNotFoundException");
    // Back again: 5 minutes ahead of real time, the server would refuse the admin client's SigV4 signatures
    // (5 minutes of skew allowed) in the tests that follow.
    clock.advance(-(REGISTRATION_TIMEOUT_MS + 1));

    for (const junk of [{}, { id: "x", response: {} }, "not json", { id: "x", response: { clientDataJSON: "!!" } }]) {
      const e = await rejection(complete(junk));
      expect(e.name).toBe("InvalidParameterException");
    }
    // Registering the same authenticator twice is refused.
    const dup = await rejection(complete(await auth.register(await creationOptions(token), HONEST)));
    expect(dup.name).toBe("WebAuthnCredentialNotSupportedException");
  });

  it("lists in pages, deletes only the user's own passkey, and stops at 20 passkeys", async () => {
    const { email, token } = await signedInUser();
    const auths: SoftwareAuthenticator[] = [];
    for (let i = 0; i < 3; i++) {
      auths.push(await register(token));
      clock.advance(1000);
    }
    const p1 = await up.anon.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 2 }));
    expect(p1.Credentials?.map((c) => c.CredentialId)).toEqual([auths[0]!.id, auths[1]!.id]);
    const p2 = await up.anon.send(
      new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 2, NextToken: p1.NextToken! }),
    );
    expect(p2.Credentials?.map((c) => c.CredentialId)).toEqual([auths[2]!.id]);
    expect(p2.NextToken).toBeUndefined();
    const tooMany = await rejection(
      up.anon.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 21 })),
    );
    expect(tooMany.name).toBe("InvalidParameterException");

    const other = await signedInUser();
    const e = await rejection(
      up.anon.send(new DeleteWebAuthnCredentialCommand({ AccessToken: other.token, CredentialId: auths[0]!.id })),
    );
    expect(e.name).toBe("ResourceNotFoundException");
    await up.anon.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: auths[0]!.id }));
    const left = await up.anon.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(left.Credentials?.map((c) => c.CredentialId)).toEqual([auths[1]!.id, auths[2]!.id]);
    // A deleted passkey no longer signs in, even against a challenge issued before the delete.
    const c = await challenge(email);
    expect(c.options.allowCredentials.map((a) => a.id)).toEqual([auths[1]!.id, auths[2]!.id]);
    const gone = await rejection(answer(email, c.session, auths[0]!.assert(c.options, HONEST)));
    expect(gone.name).toBe("NotAuthorizedException");

    for (let i = 2; i < MAX_PASSKEYS_PER_USER; i++) await register(token);
    const limit = await rejection(up.anon.send(new StartWebAuthnRegistrationCommand({ AccessToken: token })));
    expect(limit.name).toBe("LimitExceededException");
  });

  it("the console lists and deletes a user's passkeys (console-only operations, audited; not on POST /)", async () => {
    const { email, token } = await signedInUser();
    const first = await register(token);
    clock.advance(1000);
    const second = await register(token);
    const c = new ConsoleClient(up.url);
    expect((await c.get("/session")).json.signedIn).toBe(true);
    const list = await c.op("ConsoleListUserPasskeys", { UserPoolId: poolId, Username: email, MaxResults: 1 });
    expect(list.status).toBe(200);
    expect(list.json.Credentials.map((x: { CredentialId: string }) => x.CredentialId)).toEqual([first.id]);
    const rest = await c.op("ConsoleListUserPasskeys", {
      UserPoolId: poolId,
      Username: email,
      NextToken: list.json.NextToken,
    });
    expect(rest.json.Credentials.map((x: { CredentialId: string }) => x.CredentialId)).toEqual([second.id]);
    // Another user's credential ID is not found, and nothing is deleted.
    const other = await signedInUser();
    const wrong = await c.op("ConsoleDeleteUserPasskey", {
      UserPoolId: poolId,
      Username: other.email,
      CredentialId: first.id,
    });
    expect([wrong.status, wrong.json.__type]).toEqual([400, "ResourceNotFoundException"]);
    const gone = await c.op("ConsoleDeleteUserPasskey", {
      UserPoolId: poolId,
      Username: email,
      CredentialId: first.id,
    });
    expect([gone.status, gone.json]).toEqual([200, {}]);
    const left = await up.anon.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(left.Credentials?.map((x) => x.CredentialId)).toEqual([second.id]);
    const missing = await c.op("ConsoleListUserPasskeys", { UserPoolId: poolId, Username: "nobody@example.com" });
    expect([missing.status, missing.json.__type]).toEqual([400, "UserNotFoundException"]);
    // The deletes are audited, newest first (by user name, never the credential); the list is not.
    const audit = (await c.get("/audit?limit=5")).json.entries as { operation: string; target?: string }[];
    expect(audit.filter((e) => e.operation.startsWith("ConsoleListUserPasskeys"))).toEqual([]);
    expect(audit.filter((e) => e.operation === "ConsoleDeleteUserPasskey").map((e) => e.target)).toEqual([
      email,
      other.email,
    ]);
    // Cognito has no such operation: the JSON API refuses the name as Cognito would.
    const r = await fetch(up.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.ConsoleListUserPasskeys",
      },
      body: JSON.stringify({ UserPoolId: poolId, Username: email }),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { __type: string }).__type).toMatch(/UnknownOperationException/);
  });

  it("GetUserAuthFactors and AdminGetUserAuthFactors name WEB_AUTHN once the user has a passkey", async () => {
    const { email, token } = await signedInUser();
    const before = await up.anon.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
    expect(before).toMatchObject({
      Username: expect.any(String),
      UserMFASettingList: [],
      ConfiguredUserAuthFactors: ["PASSWORD"],
    });
    await register(token);
    const after = await up.anon.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
    expect(after.ConfiguredUserAuthFactors).toEqual(["PASSWORD", "WEB_AUTHN"]);
    const admin = await up.admin.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: email }));
    expect(admin.ConfiguredUserAuthFactors).toEqual(["PASSWORD", "WEB_AUTHN"]);
    expect(admin.Username).toBe(after.Username);
    const missing = await rejection(
      up.admin.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: "nobody@example.com" })),
    );
    expect(missing.name).toBe("UserNotFoundException");
  });

  it("no MFA follows a passkey, while it follows a password; no passkey while MFA is required", async () => {
    const pool = await createPasskeyPool({ mfa: true });
    const { email, token } = await signedInUser(pool.poolId, pool.clientId);
    const auth = await register(token);
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: email,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const pw = await start(email, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD }, pool.clientId);
    expect(pw.ChallengeName).toBe("EMAIL_OTP");
    expect(await latestCode(up.url, email)).toMatch(/^\d{6,8}$/u);
    const c = await challenge(email, pool.clientId);
    const r = await answer(email, c.session, auth.assert(c.options, HONEST), pool.clientId);
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
    // With MFA required a single-factor passkey is not offered, and a challenge issued before does not sign in.
    const pending = await challenge(email, pool.clientId);
    await up.admin.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId, MfaConfiguration: "ON", EmailMfaConfiguration: {} }),
    );
    const late = await rejection(answer(email, pending.session, auth.assert(pending.options, HONEST), pool.clientId));
    expect([late.name, late.message]).toEqual(["NotAuthorizedException", "Passkey sign-in is not available."]);
    const s = await start(email, { PREFERRED_CHALLENGE: "WEB_AUTHN" }, pool.clientId);
    expect([s.ChallengeName, s.AvailableChallenges]).toEqual(["SELECT_CHALLENGE", ["PASSWORD", "PASSWORD_SRP"]]);
  });

  it("unknown names: UserNotFoundException (LEGACY); a stand-in passkey failing like a user's (ENABLED)", async () => {
    expect((await rejection(start("nobody@example.com", { PREFERRED_CHALLENGE: "WEB_AUTHN" }))).name).toBe(
      "UserNotFoundException",
    );
    const hidden = await createPasskeyPool({ hide: "ENABLED" });
    const s = await start("nobody@example.com", {}, hidden.clientId);
    expect(s.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]);
    const a = await challenge("nobody@example.com", hidden.clientId);
    const b = await challenge("nobody@example.com", hidden.clientId);
    // The stand-in credential is stable for the name, as a real user's passkey would be.
    expect(a.options.allowCredentials).toHaveLength(1);
    expect(b.options.allowCredentials).toEqual(a.options.allowCredentials);
    const stranger = new SoftwareAuthenticator();
    const unknown = await rejection(
      answer("nobody@example.com", a.session, stranger.assert(a.options, HONEST), hidden.clientId),
    );
    // A real user answering with a passkey that is not theirs sees the same.
    const real = await signedInUser(hidden.poolId, hidden.clientId);
    await register(real.token);
    const c = await challenge(real.email, hidden.clientId);
    const known = await rejection(answer(real.email, c.session, stranger.assert(c.options, HONEST), hidden.clientId));
    expect([known.name, known.message]).toEqual([unknown.name, unknown.message]);
    expect([unknown.name, unknown.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
  });

  it("runs PreAuthentication, PostAuthentication and PreTokenGeneration for a passkey sign-in", async () => {
    const pool = await createPasskeyPool({ lambda: true });
    const { email, token } = await signedInUser(pool.poolId, pool.clientId);
    const auth = await register(token);
    resetRecorder();
    const c = await challenge(email, pool.clientId);
    expect(eventsOf("PreAuthentication_Authentication").map((e) => e.request.userAttributes.email)).toEqual([email]);
    expect(eventsOf("PostAuthentication_Authentication")).toHaveLength(0);
    await answer(email, c.session, auth.assert(c.options, HONEST), pool.clientId);
    expect(eventsOf("PostAuthentication_Authentication").map((e) => e.request.userAttributes.email)).toEqual([email]);
    expect(eventsOf("TokenGeneration_Authentication")).toHaveLength(1);
  });

  it("passkeys need WEB_AUTHN in the sign-in policy and a relying party (an RP ID or a domain)", async () => {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({ PoolName: "no-passkeys", UsernameAttributes: ["email"] }),
    );
    const plainPool = UserPool!.Id!;
    const { UserPoolClient } = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: plainPool,
        ClientName: "c",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const { token } = await signedInUser(plainPool, UserPoolClient!.ClientId!);
    const off = await rejection(up.anon.send(new StartWebAuthnRegistrationCommand({ AccessToken: token })));
    expect(off.name).toBe("WebAuthnNotEnabledException");

    const noRp = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "no-rp",
        UsernameAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } },
      }),
    );
    const noRpId = noRp.UserPool!.Id!;
    const noRpClient = (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: noRpId,
          ClientName: "c",
          ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!.ClientId!;
    const u = await signedInUser(noRpId, noRpClient);
    const missing = await rejection(up.anon.send(new StartWebAuthnRegistrationCommand({ AccessToken: u.token })));
    expect(missing.name).toBe("WebAuthnConfigurationMissingException");
    // With a domain, the relying party is the host the hosted UI is served on.
    await up.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: noRpId, Domain: `pk-${Date.now()}` }));
    const options = await creationOptions(u.token);
    expect(options.rp.id).toBe(new URL(up.hostedUrl ?? up.url).hostname);
  });
});
