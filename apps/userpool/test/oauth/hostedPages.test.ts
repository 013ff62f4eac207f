/**
 * The hosted pages without JavaScript: sign up → confirm with the mailed code → sign in → code;
 * forgot password → code → new password → sign in. Each form is accessible (labelled fields,
 * errors announced) and every credential POST ends in a 303.
 */
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCode, uniqueEmail } from "../support/userpool.js";
import { Browser, CALLBACK, parseForm, startOAuthUserpool, WEB, type OAuthUserpool, type Page } from "./support.js";

/** Every input is labelled, there is one h1, the document has a language. */
function expectAccessible(page: Page): void {
  expect(page.body).toMatch(/<html lang="en">/);
  expect(page.body.match(/<h1/g)).toHaveLength(1);
  const ids = [...page.body.matchAll(/<input id="([^"]+)"/g)].map((m) => m[1]!);
  for (const id of ids) expect(page.body).toContain(`<label for="${id}">`);
  expect(page.body).not.toMatch(/<script/i);
}

describe("hosted pages", () => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let authorize: string;
  beforeAll(async () => {
    up = await startOAuthUserpool();
    const challenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    authorize = `${up.hosted}/oauth2/authorize?${new URLSearchParams({
      client_id: WEB,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid email",
      state: "pages",
      code_challenge: challenge,
      code_challenge_method: "S256",
    })}`;
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const submit = async (b: Browser, page: Page, values: Record<string, string>) => {
    const { action, fields } = parseForm(page);
    return b.request(action, { form: { ...fields, ...values } });
  };
  const follow = (b: Browser, res: Page) => b.request(new URL(res.headers.get("location")!, res.url).toString());

  it("sign up, confirm with the code, sign in", async () => {
    const b = new Browser(up.tlsFetch);
    const login = await b.navigate(authorize, [up.hosted]);
    expectAccessible(login);
    const signupHref = /href="([^"]*\/signup\?[^"]*)"/.exec(login.body)![1]!.replace(/&amp;/g, "&");
    const signup = await b.request(new URL(signupHref, up.hosted).toString());
    expectAccessible(signup);
    expect(signup.body).toContain("at least 8 characters");
    const email = uniqueEmail("signup-page");

    // Managed login always asks for a password: an empty one is refused as too short, never passwordless.
    const empty = await submit(b, signup, { username: email, password: "" });
    expect(empty.status).toBe(400);
    // In words for a person, naming the rule broken and listing the pool's rules; never the API's wording.
    expect(empty.body).toContain(
      'role="alert">The password is too short: it needs at least 8 characters. A password here needs at least 8 ' +
        "characters, a lower-case letter, an upper-case letter, a number and a symbol.<",
    );
    expect(empty.body).not.toContain("conform");
    const weak = await submit(b, empty, { username: email, password: "weak" });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('role="alert">The password is too short: it needs at least 8 characters.');
    const noSymbol = await submit(b, weak, { username: email, password: "Signup-Passw0rd".replace("-", "x") });
    expect(noSymbol.status).toBe(400);
    expect(noSymbol.body).toContain('role="alert">The password needs a symbol, such as ! @ # or a space.');
    expect(noSymbol.body).not.toContain("conform");
    const created = await submit(b, noSymbol, { username: email, password: "Signup-Passw0rd!" });
    expect(created.status).toBe(303);
    const confirm = await follow(b, created);
    expect(confirm.body).toContain("We sent a verification code");
    const wrongCode = await submit(b, confirm, { username: email, code: "000000" });
    expect(wrongCode.status).toBe(400);
    const confirmed = await submit(b, wrongCode, { username: email, code: await latestCode(up.url, email) });
    expect(confirmed.status).toBe(303);
    const signIn = await follow(b, confirmed);
    expect(signIn.body).toContain("Your account is confirmed");
    const done = await submit(b, signIn, { username: email, password: "Signup-Passw0rd!" });
    expect(done.status).toBe(303);
    expect(new URL(done.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("an unconfirmed user who signs in is sent to the confirmation page", async () => {
    const b = new Browser(up.tlsFetch);
    const email = uniqueEmail("unconfirmed");
    const login = await b.navigate(authorize, [up.hosted]);
    const signup = await b.request(
      new URL(/href="([^"]*\/signup\?[^"]*)"/.exec(login.body)![1]!.replace(/&amp;/g, "&"), up.hosted).toString(),
    );
    await submit(b, signup, { username: email, password: "Signup-Passw0rd!" });
    const again = await b.navigate(authorize, [up.hosted]);
    const res = await submit(b, again, { username: email, password: "Signup-Passw0rd!" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/confirm?");
  });

  it("forgot password: code by mail, new password, sign in with it", async () => {
    const b = new Browser(up.tlsFetch);
    const email = uniqueEmail("forgot-page");
    // An account made through the pages, confirmed.
    const login0 = await b.navigate(authorize, [up.hosted]);
    const signup = await b.request(
      new URL(/href="([^"]*\/signup\?[^"]*)"/.exec(login0.body)![1]!.replace(/&amp;/g, "&"), up.hosted).toString(),
    );
    const confirm = await follow(b, await submit(b, signup, { username: email, password: "Signup-Passw0rd!" }));
    await submit(b, confirm, { username: email, code: await latestCode(up.url, email) });

    const login = await b.navigate(authorize, [up.hosted]);
    const forgot = await b.request(
      new URL(
        /href="([^"]*\/forgotPassword\?[^"]*)"/.exec(login.body)![1]!.replace(/&amp;/g, "&"),
        up.hosted,
      ).toString(),
    );
    expectAccessible(forgot);
    const sent = await submit(b, forgot, { username: email });
    expect(sent.status).toBe(303);
    const reset = await follow(b, sent);
    expectAccessible(reset);
    const changed = await submit(b, reset, {
      username: email,
      code: await latestCode(up.url, email),
      password: "Changed-Passw0rd!",
    });
    expect(changed.status).toBe(303);
    const signIn = await follow(b, changed);
    expect(signIn.body).toContain("Your password has been reset. Sign in with the new one.");
    expect((await submit(b, signIn, { username: email, password: "Signup-Passw0rd!" })).status).toBe(400);
    expect((await submit(b, signIn, { username: email, password: "Changed-Passw0rd!" })).status).toBe(303);
  });
});
