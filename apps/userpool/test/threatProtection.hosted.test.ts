/**
 * Threat protection on the hosted login page (ADR 0031): its sign-ins are recorded with the browser's address,
 * a wrong password is a failure, and an ENFORCED block shows Cognito's refusal on the page instead of signing in.
 */
import { createHash, randomBytes } from "node:crypto";
import { AdminListUserAuthEventsCommand, SetRiskConfigurationCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import {
  Browser,
  CALLBACK,
  createUser,
  oauthConfig,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  submitLogin,
  WEB,
  type OAuthUserpool,
} from "./oauth/support.js";

describe.each(testEngines())("threat protection on the hosted login page on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  beforeAll(async () => {
    const config = oauthConfig();
    const pool = config.UserPools.find((p) => p.Id === POOL)!;
    pool.UserPoolTier = "PLUS";
    pool.UserPoolAddOns = { AdvancedSecurityMode: "ENFORCED" };
    up = await startOAuthUserpool(engine, { config });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const loginPage = async () => {
    const browser = new Browser(up.tlsFetch);
    const authorize = `${up.hosted}/oauth2/authorize?${new URLSearchParams({
      client_id: WEB,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid email",
      state: "risk",
      code_challenge: createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"),
      code_challenge_method: "S256",
    })}`;
    return { browser, page: await browser.navigate(authorize, [up.hosted]) };
  };
  const events = async (username: string) =>
    (await up.admin.send(new AdminListUserAuthEventsCommand({ UserPoolId: POOL, Username: username }))).AuthEvents!;

  it("records hosted sign-ins and failures, and a block is shown on the page", async () => {
    const email = await createUser(up);
    let { browser, page } = await loginPage();
    const wrong = await submitLogin(browser, page, email, "Not-The-Passw0rd!");
    expect(wrong.status).toBe(400);
    ({ browser, page } = await loginPage());
    const ok = await submitLogin(browser, page, email, PASSWORD);
    expect(ok.status).toBe(303);
    expect(new URL(ok.headers.get("location")!).searchParams.get("code")).toBeTruthy();
    const [passed, failed] = await events(email);
    expect(failed).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Fail",
      ChallengeResponses: [{ ChallengeName: "Password", ChallengeResponse: "Failure" }],
    });
    expect(passed).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false },
    });
    expect(passed!.EventContextData?.IpAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/u);

    // The browser's own address on the always-block list: the page refuses, nobody is signed in.
    await up.admin.send(
      new SetRiskConfigurationCommand({
        UserPoolId: POOL,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["127.0.0.0/8", "::1/128"] },
      }),
    );
    ({ browser, page } = await loginPage());
    const blocked = await submitLogin(browser, page, email, PASSWORD);
    expect(blocked.status).toBe(400);
    // NotAuthorizedException "Unable to login because of security reasons.", in the hosted pages' words.
    expect(blocked.body).toContain("This sign-in was blocked for security reasons.");
    expect((await events(email))[0]).toMatchObject({
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "Block", RiskLevel: "High" },
    });
  });
});
