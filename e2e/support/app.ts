/**
 * What a user does in apps/web, by the accessible names the app promises (apps/web/README.md):
 * roles and labels only, no CSS selectors, so a test breaks when the page stops being usable.
 */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/** A password the pool's policy accepts, different every call. */
export function newPassword(): string {
  return `Pw-${Math.random().toString(36).slice(2, 10)}a7!`;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** Waits until the locator is visible and returns its text. */
export async function visibleText(locator: Locator, timeout = 20_000): Promise<string> {
  await locator.first().waitFor({ state: "visible", timeout });
  // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees (innerText), not the DOM's textContent
  return (await locator.first().innerText()).trim();
}

/** The status (success) message that contains `text`. */
export const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });
/** The error message that contains `text`. */
export const alert = (page: Page, text?: string | RegExp) =>
  text ? page.getByRole("alert").filter({ hasText: text }) : page.getByRole("alert");

export async function register(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await page.goto(new URL("/register", webUrl).href);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
}

/** Fills the log-in form at /login and submits it (the outcome is the caller's to check). */
export async function submitLogIn(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await page.goto(new URL("/login", webUrl).href);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Logs in and waits for the signed-in home. */
export async function logIn(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await submitLogIn(page, webUrl, email, password);
  await expectSignedIn(page, email);
}

/**
 * The account page's security settings (ADR 0051), freshly loaded: the account page, then the navigation's
 * "Security" link, which moves focus to the first security section. A fresh load reads the settings again.
 */
export async function openSecuritySettings(page: Page, webUrl: string): Promise<void> {
  await page.goto(new URL("/", webUrl).href);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" }).click();
  const first = page.getByRole("region", { name: "Two-step sign-in", exact: true });
  await first.waitFor({ state: "visible" });
  // The page moves focus after it renders the new location: poll, as a user would see it happen.
  await expect.poll(() => first.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
}

/** The home page shows the current user with this email. */
export async function expectSignedIn(page: Page, email?: string): Promise<void> {
  await page.getByRole("heading", { name: "Current user" }).waitFor({ state: "visible" });
  if (email) expect(await visibleText(page.locator("dl.facts dd").first())).toBe(email);
}

/** The home page offers the log-in form instead of a user. */
export async function expectSignedOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor({ state: "visible" });
  expect(await page.getByRole("heading", { name: "Current user" }).count()).toBe(0);
}

/** The value shown next to a label in the "Current user" panel. */
export async function userFact(page: Page, label: string): Promise<string> {
  const dt = page.locator("dl.facts dt", { hasText: new RegExp(`^${label}$`) });
  return visibleText(dt.locator("xpath=following-sibling::dd[1]"));
}

/**
 * Clicks "Get users", waits for this click's answer from the API (not a table left from an earlier
 * click) and returns the table's rows keyed by column header.
 */
export async function getUsers(page: Page): Promise<Record<string, string>[]> {
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/users" && r.request().method() === "GET",
  );
  await page.getByRole("button", { name: "Get users" }).click();
  const res = await answered;
  if (res.status() !== 200) throw new Error(`GET /users answered ${res.status()}: ${await res.text()}`);
  await page.getByRole("button", { name: "Get users", exact: true }).waitFor({ state: "visible" });
  const table = page.getByRole("table");
  await table.waitFor({ state: "visible" });
  const heads = await table.locator("thead th").allInnerTexts();
  const rows: Record<string, string>[] = [];
  for (const tr of await table.locator("tbody tr").all()) {
    const cells = await tr.locator("td").allInnerTexts();
    rows.push(Object.fromEntries(cells.map((text, i) => [heads[i] ?? String(i), text])));
  }
  return rows;
}

/** Tokens as Amplify keeps them in localStorage (CognitoIdentityServiceProvider.<client>.<user>.<kind>). */
export async function storedTokens(
  page: Page,
): Promise<{ idToken?: string; accessToken?: string; refreshToken?: string }> {
  return page.evaluate(() => {
    // Runs in the page. (This package is compiled without the DOM library, so the one type it needs is spelled out.)
    const localStorage = (
      globalThis as unknown as {
        localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
      }
    ).localStorage;
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      // The user part is the username Amplify signed in with, which may hold dots (an email address).
      const m = /^CognitoIdentityServiceProvider\.[^.]+\..+\.(idToken|accessToken|refreshToken)$/.exec(key);
      if (m) out[m[1]!] = localStorage.getItem(key)!;
    }
    return out;
  });
}

/** A JWT's payload, decoded (not verified: the API verifies; this only reads what the browser holds). */
export function claimsOf(jwt: string | undefined): Record<string, unknown> {
  if (!jwt) throw new Error("no token stored in the browser");
  const payload = jwt.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
