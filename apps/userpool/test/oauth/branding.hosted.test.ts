/**
 * What the hosted pages show of branding and terms, read from the served HTML on each engine: the classic
 * customization's CSS (re-written, allowed by the page's CSP hash) and logo (served at its ImageUrl), a client's
 * own customization over the pool's, a managed-login style once the domain is on version 2, and the sign-up
 * page's terms: links, a box that must be ticked, and the acceptance recorded (ADR 0030).
 */
import { createHash } from "node:crypto";
import {
  AdminGetUserCommand,
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  SetUICustomizationCommand,
  UpdateTermsCommand,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { testEngines } from "../support/engines.js";
import { PNG } from "../support/images.js";
import { uniqueEmail } from "../support/userpool.js";
import {
  APP_CALLBACK,
  Browser,
  CALLBACK,
  CONF,
  parseForm,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
  type Page,
} from "./support.js";

const styles = (page: Page) => [...page.body.matchAll(/<style>([^<]*)<\/style>/gu)].map((m) => m[1]!);
const cspHash = (css: string) => `'sha256-${createHash("sha256").update(css, "utf8").digest("base64")}'`;

describe.each(testEngines())("branding and terms on the hosted pages on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const authorizeUrl = async (clientId: string) => {
    const challenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    return `${up.hosted}/oauth2/authorize?${new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: clientId === CONF ? APP_CALLBACK : CALLBACK,
      scope: "openid email",
      code_challenge: challenge,
      code_challenge_method: "S256",
    })}`;
  };
  const loginPage = async (clientId: string) => {
    const b = new Browser(up.tlsFetch);
    return { b, page: await b.navigate(await authorizeUrl(clientId), [up.hosted]) };
  };
  const signUpPage = async (clientId: string) => {
    const { b, page } = await loginPage(clientId);
    const href = /href="([^"]*\/signup\?[^"]*)"/u.exec(page.body)![1]!.replace(/&amp;/gu, "&");
    return { b, page: await b.request(new URL(href, up.hosted).toString()) };
  };

  it("applies the pool's CSS and logo, and a client's own over them", async () => {
    // Before: the config file's UICustomization (the fallback when the pool has none stored).
    const before = (await loginPage(WEB)).page;
    expect(styles(before)[1]).toBe(".authhub-container{border-color:#c0ffee}");
    expect(before.body).not.toContain('class="banner"');

    const all = (
      await up.admin.send(
        new SetUICustomizationCommand({
          UserPoolId: POOL,
          ClientId: "ALL",
          CSS: ".submitButton-customizable{background-color:#c0ffee}",
          ImageFile: PNG,
        }),
      )
    ).UICustomization!;
    const { page } = await loginPage(WEB);
    const custom = styles(page)[1]!;
    expect(custom).toBe("html body button[type=submit]{background-color:#c0ffee}");
    // The page's CSP allows exactly that sheet, and the logo from this server.
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain(cspHash(custom));
    expect(csp).toMatch(/img-src 'self'/u);
    const logoSrc = /<div class="banner"><img src="([^"]+)"/u.exec(page.body)![1]!.replace(/&amp;/gu, "&");
    expect(logoSrc).toBe(all.ImageUrl);
    const logo = await up.tlsFetch(logoSrc);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);

    // A client with its own customization no longer gets the pool's; the others still do.
    clock.advance(1000);
    await up.admin.send(
      new SetUICustomizationCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        CSS: ".background-customizable{background-color:#102030}\n.label-customizable{font-weight:300}",
      }),
    );
    const own = (await loginPage(WEB)).page;
    expect(styles(own)[1]).toBe("html body{background-color:#102030}html body label{font-weight:300}");
    expect(own.body).not.toContain('class="banner"');
    expect(styles((await loginPage(CONF)).page)[1]).toBe(custom);

    // A new logo retires the old URL.
    clock.advance(1000);
    const next = (
      await up.admin.send(new SetUICustomizationCommand({ UserPoolId: POOL, ClientId: "ALL", ImageFile: PNG }))
    ).UICustomization!;
    expect(next.ImageUrl).not.toBe(all.ImageUrl);
    expect((await up.tlsFetch(all.ImageUrl!)).status).toBe(404);
    expect((await up.tlsFetch(next.ImageUrl!)).status).toBe(200);
  });

  it("shows the client's managed-login style once the domain is on managed login (version 2)", async () => {
    await up.admin.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        Settings: {
          components: {
            primaryButton: { lightMode: { defaults: { backgroundColor: "AA0000FF", textColor: "ffffffff" } } },
            pageBackground: { lightMode: { color: "00ff00ff" } },
            // Not a colour Cognito takes: never reaches the CSS.
            form: { lightMode: { backgroundColor: "red;}body{display:none" } },
          },
        },
        Assets: [{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG }],
      }),
    );
    // Version 1 (classic): the style is stored but the classic customization shows.
    expect(styles((await loginPage(WEB)).page)[1]).toContain("#102030");

    await up.admin.send(
      new UpdateUserPoolDomainCommand({ UserPoolId: POOL, Domain: "oauth-test", ManagedLoginVersion: 2 }),
    );
    try {
      const { page } = await loginPage(WEB);
      const css = styles(page)[1]!;
      expect(css).toContain("html body button{background:#aa0000ff;color:#ffffffff}");
      expect(css).toContain("html body{background-color:#00ff00ff}");
      expect(css).not.toContain("display:none");
      expect(css).not.toContain("#102030");
      expect(page.headers.get("content-security-policy")).toContain(cspHash(css));
      expect(page.body).toContain(`<img src="data:image/png;base64,${PNG.toString("base64")}"`);
      // A client without a style shows the default look (and not the classic customization).
      const plain = styles((await loginPage(CONF)).page);
      expect(plain.join("")).not.toContain("#c0ffee}");
    } finally {
      await up.admin.send(
        new UpdateUserPoolDomainCommand({ UserPoolId: POOL, Domain: "oauth-test", ManagedLoginVersion: 1 }),
      );
    }
  });

  it("sign-up shows the client's terms, needs them accepted, and records which versions", async () => {
    const terms = (name: string, url: string) =>
      up.admin.send(
        new CreateTermsCommand({
          UserPoolId: POOL,
          ClientId: WEB,
          TermsName: name,
          TermsSource: "LINK",
          Enforcement: "NONE",
          Links: { "cognito:default": url, "cognito:french": `${url}/fr` },
        }),
      );
    const tou = (await terms("terms-of-use", "https://example.com/terms")).Terms!;
    // One document alone is not shown (Cognito shows them once both exist).
    expect((await signUpPage(WEB)).page.body).not.toContain("accept_terms");
    const pp = (await terms("privacy-policy", "https://example.com/privacy")).Terms!;

    const { b, page } = await signUpPage(WEB);
    expect(page.body).toContain('<a href="https://example.com/terms" target="_blank" rel="noopener noreferrer">');
    expect(page.body).toContain('<a href="https://example.com/privacy" target="_blank" rel="noopener noreferrer">');
    expect(page.body).toMatch(/<input id="accept_terms" name="accept_terms" type="checkbox" value="on" required/u);
    expect(page.body).toContain('<label for="accept_terms">');
    // Other clients have no terms.
    expect((await signUpPage(CONF)).page.body).not.toContain("accept_terms");

    const email = uniqueEmail("terms");
    const { action, fields } = parseForm(page);
    const refused = await b.request(action, { form: { ...fields, username: email, password: "Signup-Passw0rd!" } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/role="alert">Accept the terms of use and the privacy policy to sign up\./u);
    expect(
      await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email })).catch((e: Error) => e.name),
    ).toBe("UserNotFoundException");

    clock.advance(60_000);
    const again = parseForm(refused);
    const created = await b.request(again.action, {
      form: { ...again.fields, username: email, password: "Signup-Passw0rd!", accept_terms: "on" },
    });
    expect(created.status).toBe(303);
    const user = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }));
    const sub = user.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    const accepted = await up.services.terms.acceptances(POOL, sub);
    expect(accepted.map((a) => [a.termsName, a.termsId, a.termsVersion, a.clientId])).toEqual([
      ["privacy-policy", pp.TermsId, pp.LastModifiedDate!.getTime(), WEB],
      ["terms-of-use", tou.TermsId, tou.LastModifiedDate!.getTime(), WEB],
    ]);
    expect(accepted.every((a) => a.acceptedAt === clock.now().getTime())).toBe(true);
    expect(accepted[1]!.links).toEqual({
      "cognito:default": "https://example.com/terms",
      "cognito:french": "https://example.com/terms/fr",
    });

    // A new version of the terms is a new acceptance for the next user; the first keeps the version they saw.
    clock.advance(1000);
    const v2 = (
      await up.admin.send(
        new UpdateTermsCommand({
          UserPoolId: POOL,
          TermsId: tou.TermsId!,
          Links: { "cognito:default": "https://example.com/terms-v2" },
        }),
      )
    ).Terms!;
    const second = await signUpPage(WEB);
    expect(second.page.body).toContain('<a href="https://example.com/terms-v2"');
    const f2 = parseForm(second.page);
    const email2 = uniqueEmail("terms2");
    expect(
      (
        await second.b.request(f2.action, {
          form: { ...f2.fields, username: email2, password: "Signup-Passw0rd!", accept_terms: "on" },
        })
      ).status,
    ).toBe(303);
    const sub2 = (
      await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email2 }))
    ).UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    const tou2 = (await up.services.terms.acceptances(POOL, sub2)).find((a) => a.termsName === "terms-of-use")!;
    expect(tou2.termsVersion).toBe(v2.LastModifiedDate!.getTime());
    expect((await up.services.terms.acceptances(POOL, sub)).map((a) => a.termsVersion)).toContain(
      tou.LastModifiedDate!.getTime(),
    );
  });
});
