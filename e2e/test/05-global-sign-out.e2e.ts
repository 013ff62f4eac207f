/**
 * Scenario 5: one user signed in in several browsers; "Sign out of all devices" in one ends the
 * others' sessions. The API verifies ID tokens locally (as any Cognito-backed API does), so another
 * browser's unexpired ID token is not where this shows: its session ends at its next check with the
 * pool — a reload (GetUser with the revoked access token) or a refresh (the revoked refresh token).
 */
import type { Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  alert,
  expectSignedOut,
  getUsers,
  logIn,
  newPassword,
  status,
  storedTokens,
  uniqueEmail,
  visibleText,
} from "../support/app.js";
import { createConfirmedUser } from "../support/admin.js";
import { useStack } from "../support/harness.js";

const e2e = useStack("05-global-sign-out");

const SESSION_ENDED =
  "Your session has ended, for example because you signed out on all devices. Please sign in again.";

/** Cognito answers of one operation seen by a page, e.g. every GetTokensFromRefreshToken response. */
function answersTo(page: Page, operation: string): Response[] {
  const seen: Response[] = [];
  page.on("response", (r) => {
    if (r.request().headers()["x-amz-target"] === `AWSCognitoIdentityProviderService.${operation}`) seen.push(r);
  });
  return seen;
}

describe("sign out of all devices", () => {
  it("ends the session in the other browsers at their next reload or refresh", async () => {
    const { stack } = e2e;
    const s = e2e.scenario("global-sign-out");
    const email = uniqueEmail("everywhere");
    const password = newPassword();
    await createConfirmedUser(stack, email, password);

    const laptop = await s.newBrowser("laptop");
    const phone = await s.newBrowser("phone");
    const tablet = await s.newBrowser("tablet", { controlClock: true });
    const tabletRefreshes = answersTo(tablet, "GetTokensFromRefreshToken");

    await s.step("signed in on three browsers", async () => {
      for (const page of [laptop, phone, tablet]) {
        await logIn(page, stack.urls.web, email, password);
        expect((await getUsers(page)).some((r) => r.email === email)).toBe(true);
      }
    });

    await s.step("laptop signs out of all devices", async () => {
      await laptop.getByRole("checkbox", { name: "Sign out of all devices" }).check();
      await laptop.getByRole("button", { name: "Sign out" }).click();
      await visibleText(status(laptop, "You are signed out on all devices."));
      await expectSignedOut(laptop);
    });

    await s.step("phone reloads: signed out", async () => {
      const getUser = answersTo(phone, "GetUser");
      await phone.reload();
      await expectSignedOut(phone);
      // The pool refused the revoked access token; the app then dropped the stored tokens.
      expect(getUser.at(-1)?.status()).toBe(400);
      expect(((await getUser.at(-1)!.json()) as { __type: string }).__type).toBe("NotAuthorizedException");
      expect(await storedTokens(phone)).toEqual({});
      expect(await visibleText(alert(phone, "Your session has ended"))).toContain(SESSION_ENDED);
    });

    await s.step("an hour later the tablet's refresh fails", async () => {
      // The tablet never reloads; its ID token expires (60 minutes) and its next API call needs a refresh.
      await s.advanceTime(61 * 60_000);
      await tablet.getByRole("button", { name: "Get users" }).click();
      await expectSignedOut(tablet);
      // The notice carries a dismiss button (×) besides the sentence.
      expect(await visibleText(alert(tablet, "Your session has ended"))).toContain(SESSION_ENDED);
      const refresh = tabletRefreshes.at(-1);
      expect(refresh?.status()).toBe(400);
      expect(((await refresh!.json()) as { __type: string }).__type).toBe("NotAuthorizedException");
    });

    await s.step("the tablet stays signed out after a reload", async () => {
      await tablet.reload();
      await expectSignedOut(tablet);
      expect(await storedTokens(tablet)).toEqual({});
    });
  });
});
