/**
 * CONFIRM_WITH_LINK: the /confirmUser page, its failure pages, and that a link is single use. The link
 * carries a 256-bit token of its own, so the endpoint cannot be used to guess the 6-digit code, and its
 * failure pages do not tell an unknown user from an existing one.
 */
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  latestMessage,
  startTestUserpool,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

let up: TestUserpool;
const clock = new ManualClock();
beforeAll(async () => {
  up = await startTestUserpool({ clock });
  await up.admin.send(
    new UpdateUserPoolCommand({
      UserPoolId: POOL_ID,
      AutoVerifiedAttributes: ["email"],
      Policies: { PasswordPolicy: { MinimumLength: 10 } },
      VerificationMessageTemplate: {
        DefaultEmailOption: "CONFIRM_WITH_LINK",
        EmailMessageByLink: "Hi {username}: {##Click here##} to confirm.",
        EmailSubjectByLink: "Confirm",
      },
    }),
  );
});
afterAll(async () => {
  await up?.close();
});

async function linkFor(email: string): Promise<string> {
  const m = await latestMessage(up.url, email);
  expect(m.text).toMatch(/^Hi .+: Click here: http:\/\/localhost:\d+\/confirmUser\?\S+ to confirm\.$/);
  const u = new URL(/Click here: (\S+)/.exec(m.text)![1]!);
  return `${up.url}${u.pathname}${u.search}`;
}

it("the link confirms once, marks the e-mail verified, and then says it is already confirmed", async () => {
  const email = uniqueEmail("link");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
  const m = await latestMessage(up.url, email);
  expect(m.html).toContain(`<a href="http://localhost:${up.port}/confirmUser?client_id=${CLIENT_ID}&amp;user_name=`);
  const link = await linkFor(email);
  const ok = await fetch(link);
  expect(ok.status).toBe(200);
  expect(ok.headers.get("content-security-policy")).toContain("default-src 'none'");
  expect(await ok.text()).toContain("Your account is confirmed");
  const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
  expect(u.UserStatus).toBe("CONFIRMED");
  expect(u.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
  const again = await fetch(link);
  expect(await again.text()).toContain("Your account is already confirmed");
});

it("after a known client, every page links back to the client's own sign-in URL, not one from the link", async () => {
  const app = "https://app.example.com/signed-in";
  const client = (
    await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: POOL_ID,
        ClientName: "back-link",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        CallbackURLs: ["myapp://callback", app],
        DefaultRedirectURI: app,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    )
  ).UserPoolClient!;
  const email = uniqueEmail("back");
  await up.anon.send(new SignUpCommand({ ClientId: client.ClientId!, Username: email, Password: GOOD_PASSWORD }));
  const link = await linkFor(email);
  const back = `<a href="${app}">Continue to the app to sign in</a>`;
  // A valid link proved the address: the app's log-in form opens with it filled in (one click from signing in).
  const backWithEmail = `<a href="${app}?email=${encodeURIComponent(email)}">Continue to the app to sign in</a>`;
  expect(await (await fetch(link)).text()).toContain(backWithEmail);
  expect(await (await fetch(link)).text()).toContain(backWithEmail); // already confirmed
  // A wrong token (the same page as an unknown user's) still leads back, without the address; an unknown client
  // cannot say where.
  const wrong = new URL(link);
  wrong.searchParams.set("confirmation_code", "x".repeat(43));
  expect(await (await fetch(wrong)).text()).toContain(back);
  wrong.searchParams.set("client_id", "unknownclient");
  expect(await (await fetch(wrong)).text()).not.toContain("Continue to the app");
});

it("a superseded link, an expired link and a mangled link show an error page", async () => {
  const email = uniqueEmail("link");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
  const first = await linkFor(email);
  await up.anon.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_ID, Username: email }));
  const second = await linkFor(email);
  if (first !== second) {
    const old = await fetch(first);
    expect(old.status).toBe(400);
    expect(await old.text()).toContain("not valid");
  }
  clock.advance(24 * 3600_000 + 1000);
  const expired = await fetch(second);
  clock.advance(-(24 * 3600_000 + 1000)); // back to real time: the SDK signs admin calls with the real clock
  expect(expired.status).toBe(400);
  expect(await expired.text()).toContain("expired");
  const mangled = await fetch(`${up.url}/confirmUser?client_id=${CLIENT_ID}`);
  expect(mangled.status).toBe(400);
  const html = await (await fetch(`${up.url}/confirmUser?client_id=x&user_name=<script>&confirmation_code=1`)).text();
  expect(html).not.toContain("<script>");
  expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
    "UNCONFIRMED",
  );
});

const LINK_TEMPLATE = {
  DefaultEmailOption: "CONFIRM_WITH_LINK" as const,
  EmailMessageByLink: "Hi {username}: {##Click here##} to confirm.",
  EmailSubjectByLink: "Confirm",
};

async function withTemplate<T>(template: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const update = (t: Record<string, string>) =>
    up.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: POOL_ID,
        AutoVerifiedAttributes: ["email"],
        Policies: { PasswordPolicy: { MinimumLength: 10 } },
        VerificationMessageTemplate: t,
      }),
    );
  await update(template);
  try {
    return await run();
  } finally {
    await update(LINK_TEMPLATE);
  }
}

const status = async (email: string) =>
  (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus;

it("the link carries a 43-character token, not the 6-digit code; the code in a link confirms nothing", async () => {
  await withTemplate(
    { ...LINK_TEMPLATE, EmailMessageByLink: "Your code is {####}. Or {##Click here##} to confirm." },
    async () => {
      const email = uniqueEmail("link-code");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
      const m = await latestMessage(up.url, email);
      const code = /Your code is (\d{6})\./.exec(m.text)![1]!;
      const link = new URL(/Click here: (\S+)/.exec(m.text)![1]!);
      const token = link.searchParams.get("confirmation_code")!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(token).not.toContain(code);

      // The 6-digit code put into the link is refused with the page every invalid link gets.
      link.searchParams.set("confirmation_code", code);
      const guessed = await fetch(`${up.url}${link.pathname}${link.search}`);
      expect(guessed.status).toBe(400);
      expect(await guessed.text()).toContain("This confirmation link is not valid.");
      expect(await status(email)).toBe("UNCONFIRMED");
      // The code still confirms through ConfirmSignUp, which counts attempts per user.
      await up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code }));
      expect(await status(email)).toBe("CONFIRMED");
    },
  );
});

it("guessing on the link endpoint confirms nothing: 1,000 codes, the real one among them", async () => {
  await withTemplate(
    { ...LINK_TEMPLATE, EmailMessageByLink: "Your code is {####}. Or {##Click here##} to confirm." },
    async () => {
      const email = uniqueEmail("link-guess");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
      const code = /Your code is (\d{6})\./.exec((await latestMessage(up.url, email)).text)![1]!;
      const base =
        `${up.url}/confirmUser?client_id=${CLIENT_ID}` + `&user_name=${encodeURIComponent(email)}&confirmation_code=`;
      const guesses = Array.from({ length: 999 }, (_, i) =>
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"),
      );
      guesses.splice(500, 0, code);
      let confirmed = 0;
      for (let i = 0; i < guesses.length; i += 50) {
        const pages = await Promise.all(guesses.slice(i, i + 50).map(async (g) => (await fetch(base + g)).text()));
        confirmed += pages.filter((p) => p.includes("Your account is confirmed")).length;
      }
      expect(confirmed).toBe(0);
      expect(await status(email)).toBe("UNCONFIRMED");
    },
  );
});

it("a wrong token gets the same page for an unknown, an unconfirmed and a confirmed user", async () => {
  const unconfirmed = uniqueEmail("link-enum");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: unconfirmed, Password: GOOD_PASSWORD }));
  const confirmed = uniqueEmail("link-enum");
  await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: confirmed, Password: GOOD_PASSWORD }));
  await up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: confirmed }));
  const unknown = uniqueEmail("link-enum-nobody");
  const answer = async (name: string, token: string) => {
    const r = await fetch(
      `${up.url}/confirmUser?client_id=${CLIENT_ID}&user_name=${encodeURIComponent(name)}&confirmation_code=${token}`,
    );
    return { status: r.status, body: await r.text() };
  };
  for (const token of ["123456", "A".repeat(43), "not-a-token"]) {
    const pages = [await answer(unknown, token), await answer(unconfirmed, token), await answer(confirmed, token)];
    expect(pages[0]!.status).toBe(400);
    expect(pages[1]).toEqual(pages[0]);
    expect(pages[2]).toEqual(pages[0]);
  }
  expect(await status(unconfirmed)).toBe("UNCONFIRMED");
});
