/**
 * A one-time code as the first factor on the hosted pages (managed login's choice-based sign-in), driven
 * through the whole authorization-code flow with PKCE: /login offers "Email me a sign-in code" where the
 * pool's sign-in policy allows EMAIL_OTP and the client ALLOW_USER_AUTH; the code from the mailbox signs in
 * without the password and without MFA; wrong codes, unknown names, missing addresses and expiry.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { testEngines } from "../support/engines.js";
import { GOOD_PASSWORD, latestCode, uniqueEmail } from "../support/userpool.js";
import { Browser, CALLBACK, parseForm, startOAuthUserpool, type OAuthUserpool, type Page } from "./support.js";

const BUTTON =
  '<button type="submit" class="secondary" name="factor" value="EMAIL_OTP">Email me a sign-in code</button>';
const WRONG_CODE = "The code is not right. Check it and try again.";

describe.each(testEngines())("e-mailed sign-in codes on the hosted UI on $name", (engine) => {
  const clock = new ManualClock();
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let poolId: string;
  /** ALLOW_USER_AUTH, PreventUserExistenceErrors ENABLED (as the console creates clients). */
  let choiceClient: string;
  /** No ALLOW_USER_AUTH: the password only. */
  let passwordClient: string;

  const client = async (name: string, flows: string[], prevent: "ENABLED" | "LEGACY") =>
    (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: name,
          ExplicitAuthFlows: flows as never,
          PreventUserExistenceErrors: prevent,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ["code"],
          AllowedOAuthScopes: ["openid", "email"],
          SupportedIdentityProviders: ["COGNITO"],
          CallbackURLs: [CALLBACK],
        }),
      )
    ).UserPoolClient!.ClientId!;

  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
    const pool = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "hosted-codes",
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
        },
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
      }),
    );
    poolId = pool.UserPool!.Id!;
    await up.admin.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "hosted-codes", ManagedLoginVersion: 2 }),
    );
    // MFA OPTIONAL with e-mail: a code as the first factor is the whole sign-in, MFA or not (ADR 0023).
    await up.admin.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: {} }),
    );
    const flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    choiceClient = await client("choice", ["ALLOW_USER_AUTH", ...flows], "ENABLED");
    passwordClient = await client("password", flows, "ENABLED");
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  async function user(prefix: string, verified = true): Promise<string> {
    const email = uniqueEmail(prefix);
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: String(verified) },
        ],
      }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    return email;
  }

  /** authorize → /login: the browser, the login page and the PKCE verifier. */
  async function loginPage(clientId = choiceClient) {
    const verifier = randomBytes(32).toString("base64url");
    const url = `${up.hosted}/oauth2/authorize?${new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid email",
      state: "codes",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    })}`;
    const b = new Browser(up.tlsFetch);
    const page = await b.navigate(url, [up.hosted]);
    expect(page.status).toBe(200);
    return { b, page, verifier, clientId };
  }

  const submit = (b: Browser, page: Page, values: Record<string, string>) => {
    const { action, fields } = parseForm(page);
    return b.request(action, { form: { ...fields, ...values } });
  };

  /** The code button pressed: a 303 to /mfa and the code page. */
  async function askForCode(b: Browser, page: Page, username: string): Promise<Page> {
    const res = await submit(b, page, { username, factor: "EMAIL_OTP" });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!, res.url).pathname).toBe("/mfa");
    const codePage = await b.request(new URL(res.headers.get("location")!, res.url).toString());
    expect(codePage.status).toBe(200);
    expect(codePage.body).toContain("Enter your sign-in code");
    return codePage;
  }

  async function expectSignedIn(res: Page, s: { verifier: string; clientId: string }, email: string) {
    expect(res.status).toBe(303);
    const callback = new URL(res.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    const token = await up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: s.clientId,
        code: callback.searchParams.get("code")!,
        redirect_uri: CALLBACK,
        code_verifier: s.verifier,
      }).toString(),
    });
    expect(token.status).toBe(200);
    const { id_token } = (await token.json()) as { id_token: string };
    const claims = JSON.parse(Buffer.from(id_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ email, aud: s.clientId, token_use: "id" });
  }

  it("offers the code where the pool and the client allow it, and not otherwise", async () => {
    expect((await loginPage()).page.body).toContain(BUTTON);
    const other = await loginPage(passwordClient);
    expect(other.page.body).not.toContain('name="factor"');
    // Pressed anyway on the password-only client: refused by name, no code sent.
    const refused = await submit(other.b, other.page, { username: await user("code-refused"), factor: "EMAIL_OTP" });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("That sign-in method is not enabled for this app.");
  });

  it("the mailed code signs in without the password, and without the user's e-mail MFA", async () => {
    const email = await user("code-signin");
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: email,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const s = await loginPage();
    const page = await askForCode(s.b, s.page, email);
    expect(page.body).toContain(`We sent a sign-in code to ${email[0]}***@e***.`);
    expect(page.body).toContain('autocomplete="one-time-code"');
    const code = await latestCode(up.url, email);
    const wrong = await submit(s.b, page, { code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(`role="alert">${WRONG_CODE}`);
    await expectSignedIn(await submit(s.b, wrong, { code }), s, email);

    // The code is spent with its session: a new sign-in sends a new one, and the old one is refused.
    const again = await loginPage();
    const page2 = await askForCode(again.b, again.page, email);
    const replay = await submit(again.b, page2, { code });
    expect(replay.status).toBe(400);
    await expectSignedIn(await submit(again.b, replay, { code: await latestCode(up.url, email) }), again, email);
  });

  it("an unknown name gets the same code page (no code arrives), a missing name a message", async () => {
    const s = await loginPage();
    const page = await askForCode(s.b, s.page, uniqueEmail("nobody"));
    expect(page.body).toMatch(/We sent a sign-in code to [a-z]\*\*\*@e\*\*\*\./);
    const wrong = await submit(s.b, page, { code: "123456" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(WRONG_CODE);

    const empty = await submit(s.b, s.page, { username: "", factor: "EMAIL_OTP" });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain("Enter your email address.");
  });

  it("a user without a verified address is told to use the password", async () => {
    const email = await user("code-unverified", false);
    const s = await loginPage();
    const res = await submit(s.b, s.page, { username: email, factor: "EMAIL_OTP" });
    expect(res.status).toBe(400);
    expect(res.body).toContain(
      "This account has no verified email address for sign-in codes. Sign in with your password.",
    );
  });

  it("an expired code session sends the user back to /login to start again", async () => {
    const email = await user("code-expired");
    const s = await loginPage();
    const page = await askForCode(s.b, s.page, email);
    const code = await latestCode(up.url, email);
    clock.advance(16 * 60_000); // past the client's AuthSessionValidity (3 minutes by default)
    const res = await submit(s.b, page, { code });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!, res.url).searchParams.get("info")).toBe("mfa-expired");
  });
});
