/** CONFIRM_WITH_LINK: the /confirmUser page, its failure pages, and that a link is single use. */
import { AdminGetUserCommand, ResendConfirmationCodeCommand, SignUpCommand, UpdateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { CLIENT_ID, GOOD_PASSWORD, POOL_ID, latestMessage, startTestUserpool, uniqueEmail, type TestUserpool } from "./support/userpool.js";

let up: TestUserpool;
const clock = new ManualClock();
beforeAll(async () => {
  up = await startTestUserpool({ clock });
  await up.admin.send(
    new UpdateUserPoolCommand({
      UserPoolId: POOL_ID,
      AutoVerifiedAttributes: ["email"],
      Policies: { PasswordPolicy: { MinimumLength: 10 } },
      VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_LINK", EmailMessageByLink: "Hi {username}: {##Click here##} to confirm.", EmailSubjectByLink: "Confirm" },
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
  expect(await ok.text()).toContain("Your registration has been confirmed!");
  const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
  expect(u.UserStatus).toBe("CONFIRMED");
  expect(u.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
  const again = await fetch(link);
  expect(await again.text()).toContain("already been confirmed");
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
  expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe("UNCONFIRMED");
});
