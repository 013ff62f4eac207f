/**
 * The development providers' own addresses, which `npm start`'s banner prints (/_dev/google, /_dev/facebook,
 * /_dev/apple, /_dev/amazon, /_dev/saml): each answers a page that says how an app reaches it, its test accounts and
 * its endpoints, rather than "Page not found"; the documents it links to open. So does the hosted listener's root
 * (the banner's "Hosted UI / OAuth"), which links to them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOAuthUserpool, type OAuthUserpool } from "./support.js";

const HOMES = [
  // The Google accounts are the config file's DevGoogle (the test config's here).
  { path: "/_dev/google", title: "Development Google", idp: "Google", accounts: ["Grace Hopper", "Same Mail"] },
  { path: "/_dev/facebook", title: "Development Facebook", idp: "Facebook", accounts: ["Margaret Hamilton"] },
  { path: "/_dev/apple", title: "Development Sign in with Apple", idp: "SignInWithApple", accounts: ["Ken Thompson"] },
  {
    path: "/_dev/amazon",
    title: "Development Login with Amazon",
    idp: "LoginWithAmazon",
    accounts: ["Katherine Johnson", "Donald Knuth"],
  },
  { path: "/_dev/saml", title: "Development SAML IdP", idp: "DevSAML", accounts: ["Grace Hopper", "Edsger Dijkstra"] },
];

describe("the development providers' own addresses", () => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  beforeAll(async () => {
    up = await startOAuthUserpool();
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  it.each(HOMES)("$path explains itself, with its test accounts and endpoints", async (home) => {
    for (const path of [home.path, `${home.path}/`]) {
      const res = await up.tlsFetch(`${up.hosted}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const page = await res.text();
      expect(page).toContain(`<h1 id="page-title">${home.title}</h1>`);
      expect(page).toContain(`identity_provider=${home.idp}`);
      for (const name of home.accounts) expect(page).toContain(name);
      // Each linked document is served.
      const links = [...page.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
      for (const link of links) {
        expect(link.startsWith(`${up.hosted}${home.path}/`), link).toBe(true);
        expect((await up.tlsFetch(link)).status, link).toBe(200);
      }
    }
  });

  it("the hosted listener's root says where the flows start and links to every development provider", async () => {
    const res = await up.tlsFetch(`${up.hosted}/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<code>${up.hosted}/oauth2/authorize</code>`);
    const links = [...page.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(HOMES.map((h) => `${up.hosted}${h.path}`));
    for (const link of links) expect((await up.tlsFetch(link)).status, link).toBe(200);
  });
});
