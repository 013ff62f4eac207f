/**
 * A remembered device and MFA with amazon-cognito-identity-js, unmodified: in a pool with MFA OPTIONAL,
 * an authenticator-app user and ChallengeRequiredOnNewDevice true, the first sign-in asks for the TOTP
 * code (totpRequired → sendMFACode), the device is confirmed and remembered, and the second sign-in
 * on it goes DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens without a code. With
 * ChallengeRequiredOnNewDevice false the remembered device still gets the TOTP challenge.
 */
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { createDevicePool } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { MemoryStorage } from "./support/identityJs.js";
import { adminAt } from "./support/lifecycle.js";
import { mfaUser, setUpTotp, totpCode } from "./support/mfa.js";
import { GOOD_PASSWORD, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

describe.each(testEngines())("remembered devices and MFA with amazon-cognito-identity-js on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  const wire: { op: string; challenge?: string }[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock });
    // Observe (not alter) what identity-js and the server exchange.
    globalThis.fetch = async (input, init) => {
      const res = await realFetch(input, init);
      const target = new Headers(init?.headers).get("X-Amz-Target");
      if (target?.startsWith("AWSCognitoIdentityProviderService.")) {
        const body = (await res.clone().json()) as { ChallengeName?: string };
        wire.push({ op: target.split(".")[1]!, ...(body.ChallengeName ? { challenge: body.ChallengeName } : {}) });
      }
      return res;
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await up?.stop();
  });

  /** A pool remembering devices on prompt, MFA OPTIONAL with the authenticator app, and a TOTP user. */
  async function setUp(challengeRequiredOnNewDevice: boolean) {
    const admin = adminAt(up.url, clock);
    const { poolId, clientId } = await createDevicePool(admin, {
      name: `devices-mfa-${challengeRequiredOnNewDevice}`,
      challengeRequiredOnNewDevice,
      totp: true,
    });
    const email = await mfaUser(admin, poolId, "device-mfa");
    // The authenticator app, set up with the SDK (that sign-in's device is never confirmed).
    const tokens = (
      await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    const secret = await setUpTotp(up.anon, tokens.AccessToken!, clock, { prefer: true });
    const storage = new MemoryStorage();
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: up.url, Storage: storage });
    return { email, secret, pool, storage, clientId };
  }

  /**
   * authenticateUser; a TOTP challenge is answered with the app's code of a later step (each code is
   * used once) and counted.
   */
  function authenticate(
    s: Awaited<ReturnType<typeof setUp>>,
  ): Promise<{ user: CognitoUser; session: CognitoUserSession; totpAsked: number; confirmationNecessary: boolean }> {
    const user = new CognitoUser({ Username: s.email, Pool: s.pool, Storage: s.storage });
    let totpAsked = 0;
    return new Promise((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: CognitoUserSession, confirmationNecessary?: boolean) =>
          resolve({ user, session, totpAsked, confirmationNecessary: confirmationNecessary === true }),
        onFailure: reject,
        totpRequired: (challengeName: string) => {
          totpAsked++;
          expect(challengeName).toBe("SOFTWARE_TOKEN_MFA");
          clock.advance(30_000);
          user.sendMFACode(totpCode(s.secret, clock), callbacks, "SOFTWARE_TOKEN_MFA");
        },
        mfaRequired: () => reject(new Error("unexpected SMS_MFA")),
      };
      user.authenticateUser(new AuthenticationDetails({ Username: s.email, Password: GOOD_PASSWORD }), callbacks);
    });
  }
  const call = <T>(fn: (cb: { onSuccess: (r: T) => void; onFailure: (e: Error) => void }) => void) =>
    new Promise<T>((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));

  it("ChallengeRequiredOnNewDevice true: TOTP on the first sign-in, none on the remembered device", async () => {
    const s = await setUp(true);
    wire.length = 0;
    const first = await authenticate(s);
    expect(first.totpAsked).toBe(1);
    expect(first.confirmationNecessary).toBe(true);
    expect(wire).toEqual([
      { op: "InitiateAuth", challenge: "PASSWORD_VERIFIER" },
      { op: "RespondToAuthChallenge", challenge: "SOFTWARE_TOKEN_MFA" },
      { op: "RespondToAuthChallenge" },
      { op: "ConfirmDevice" },
    ]);
    const deviceKey = s.storage.getItem(`CognitoIdentityServiceProvider.${s.clientId}.${s.email}.deviceKey`) ?? "";
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    await call((cb) => first.user.setDeviceStatusRemembered(cb));

    wire.length = 0;
    const second = await authenticate(s);
    expect(second.totpAsked).toBe(0);
    expect(wire).toEqual([
      { op: "InitiateAuth", challenge: "PASSWORD_VERIFIER" },
      { op: "RespondToAuthChallenge", challenge: "DEVICE_SRP_AUTH" },
      { op: "RespondToAuthChallenge", challenge: "DEVICE_PASSWORD_VERIFIER" },
      { op: "RespondToAuthChallenge" },
    ]);
    expect(decodeJwt(second.session.getAccessToken().getJwtToken()).device_key).toBe(deviceKey);
  });

  it("ChallengeRequiredOnNewDevice true: a confirmed device not remembered still gets TOTP", async () => {
    const s = await setUp(true);
    const first = await authenticate(s);
    expect(first.totpAsked).toBe(1);
    wire.length = 0;
    const second = await authenticate(s);
    expect(second.totpAsked).toBe(1);
    expect(wire.map((w) => w.challenge)).toContain("SOFTWARE_TOKEN_MFA");
  });

  it("ChallengeRequiredOnNewDevice false: the remembered device still gets the TOTP challenge", async () => {
    const s = await setUp(false);
    const first = await authenticate(s);
    expect(first.totpAsked).toBe(1);
    await call((cb) => first.user.setDeviceStatusRemembered(cb));
    const deviceKey = s.storage.getItem(`CognitoIdentityServiceProvider.${s.clientId}.${s.email}.deviceKey`);
    expect(deviceKey).toBeTruthy();

    wire.length = 0;
    const second = await authenticate(s);
    expect(second.totpAsked).toBe(1);
    expect(wire[1]).toEqual({ op: "RespondToAuthChallenge", challenge: "SOFTWARE_TOKEN_MFA" });
  });
});
