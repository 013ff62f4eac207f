/**
 * Cognito's per-category request-rate quotas ("Quotas in Amazon Cognito"), counted per pool in
 * one-second windows: the official SDK gets TooManyRequestsException past a quota and is admitted
 * again in the next second; a pool's own RequestRateLimits counts for that pool only; the hosted
 * sign-in and the token endpoint count against their categories too. The clock is manual, so
 * every request of a step falls in one window.
 */
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  SignUpCommand,
  TooManyRequestsException,
  type CognitoIdentityProviderClient as Client,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import {
  Browser,
  createUser,
  M2M,
  M2M_SECRET,
  PASSWORD,
  startOAuthUserpool,
  submitLogin,
  WEB,
  type OAuthUserpool,
} from "./oauth/support.js";
import {
  adminAt,
  lifecycleConfig,
  rejection,
  startOn,
  STRICT_CLIENT_ID,
  STRICT_POOL_ID,
  type EngineUserpool,
} from "./support/lifecycle.js";
import { CLIENT_ID, GOOD_PASSWORD, POOL_ID, uniqueEmail } from "./support/userpool.js";

const THROTTLED = { name: "TooManyRequestsException", message: "Rate exceeded", $metadata: { httpStatusCode: 400 } };

/** A clock at the start of a second (plus a little), near real time so SigV4 signatures stay valid. */
const secondClock = () => new ManualClock(Math.floor(Date.now() / 1000) * 1000 + 100);

describe.each(testEngines())("category quotas through the JSON API on $name", (engine) => {
  let up: EngineUserpool;
  let admin: Client;
  const clock = secondClock();
  beforeAll(async () => {
    const config = lifecycleConfig();
    config.UserPools.find((p) => p.Id === STRICT_POOL_ID)!.RequestRateLimits = { UserCreation: 1 };
    // Development mode: the defaults are off; the named limits hold.
    up = await startOn(engine, { clock, config, rateLimits: { categories: { UserCreation: 3 } } });
    admin = adminAt(up.url, clock);
  });
  afterAll(async () => {
    await up?.stop();
  });

  const signUp = (clientId = CLIENT_ID) =>
    up.anon.send(new SignUpCommand({ ClientId: clientId, Username: uniqueEmail("rate"), Password: GOOD_PASSWORD }));

  it(
    "SignUp past the pool's UserCreation quota in one second gets TooManyRequestsException through the AWS SDK, " +
      "and the next second is admitted",
    async () => {
      clock.advance(1000);
      await signUp();
      await signUp();
      // AdminCreateUser shares the category (SignUp, ConfirmSignUp, AdminCreateUser, AdminConfirmSignUp).
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: uniqueEmail("rate-admin"),
          MessageAction: "SUPPRESS",
        }),
      );
      const refused = await rejection(signUp());
      expect(refused).toMatchObject(THROTTLED);
      expect(refused).toBeInstanceOf(TooManyRequestsException);
      expect(
        await rejection(admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: "anyone" }))),
      ).toMatchObject(THROTTLED);
      // Other categories are counted apart.
      await admin.send(new ListUsersCommand({ UserPoolId: POOL_ID, Limit: 1 }));
      clock.advance(1000);
      expect((await signUp()).UserSub).toBeTruthy();
    },
  );

  it("the SDK's standard retry treats it as throttling and retries (the app's retry path)", async () => {
    clock.advance(1000);
    for (let i = 0; i < 3; i++) await signUp();
    const retrying = new CognitoIdentityProviderClient({
      endpoint: up.url,
      region: "us-east-1",
      maxAttempts: 2,
      credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
    });
    const refused = await rejection(
      retrying.send(
        new SignUpCommand({ ClientId: CLIENT_ID, Username: uniqueEmail("retry"), Password: GOOD_PASSWORD }),
      ),
    );
    // The clock stands still, so the retry lands in the same window and is refused too.
    expect(refused).toMatchObject({ ...THROTTLED, $metadata: { httpStatusCode: 400, attempts: 2 } });
  });

  it("a pool's RequestRateLimits from the config file wins over the server's, for that pool only", async () => {
    clock.advance(1000);
    await signUp(STRICT_CLIENT_ID);
    expect(await rejection(signUp(STRICT_CLIENT_ID))).toMatchObject(THROTTLED);
    await signUp();
    await signUp();
  });
});

describe.each(testEngines())("category quotas of the hosted UI and the token endpoint on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let email: string;
  const clock = secondClock();
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, {
      clock,
      rateLimits: { categories: { UserAuthentication: 1, ClientAuthentication: 2 } },
    });
    email = await createUser(up);
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  it("client_credentials counts toward ClientAuthentication: past it, token requests get 429 slow_down", async () => {
    clock.advance(1000);
    const token = () =>
      up.tlsFetch(`${up.hosted}/oauth2/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${M2M}:${M2M_SECRET}`).toString("base64")}`,
        },
        body: "grant_type=client_credentials",
      });
    expect((await token()).status).toBe(200);
    expect((await token()).status).toBe(200);
    const refused = await token();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(await refused.json()).toEqual({ error: "slow_down", error_description: "Rate exceeded" });
    clock.advance(1000);
    expect((await token()).status).toBe(200);
  });

  it(
    "a hosted sign-in counts toward UserAuthentication: " +
      "past it the login page answers 429, and the next second signs in",
    async () => {
      clock.advance(1000);
      const browser = new Browser(up.tlsFetch);
      const params = {
        client_id: WEB,
        response_type: "code",
        redirect_uri: "http://localhost:3000/",
        scope: "openid",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
      };
      const login = await browser.navigate(`${up.hosted}/oauth2/authorize?${new URLSearchParams(params)}`, [up.hosted]);
      expect(login.status).toBe(200);
      const wrong = await submitLogin(browser, login, email, "Wrong-Passw0rd!");
      expect(wrong.status).toBe(400);
      const refused = await submitLogin(browser, login, email, PASSWORD);
      expect(refused.status).toBe(429);
      // TooManyRequestsException ("Rate exceeded"), in the hosted pages' words (hosted/errorText.ts).
      expect(refused.body).toContain("Too many requests. Wait a moment, then try again.");
      clock.advance(1000);
      const ok = await submitLogin(browser, login, email, PASSWORD);
      expect(ok.status).toBe(303);
      expect(ok.headers.get("location")).toMatch(/^http:\/\/localhost:3000\/\?code=/);
    },
  );
});
