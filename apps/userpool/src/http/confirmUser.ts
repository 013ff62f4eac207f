import type { Request, Response } from "express";
import { logCause } from "../errors/cause.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import type { LinkConfirmation } from "../services/confirmation.js";
import type { Services } from "../services/index.js";
import { backToApp } from "../hosted/backToApp.js";
import { type Html, html, joinHtml } from "../html.js";
import { sendPage } from "./html.js";

type Deps = Pick<Services, "pools" | "users" | "confirmation" | "log" | "requestRates">;

const TOO_MANY = "Too many requests. Wait a minute, then open the link again.";
const failed = (why: string) => html`<h1>Confirmation failed</h1><p>${why}</p>`;

/** The page for a link refused by a request-rate limit. */
export function confirmUserRefused(res: Response): void {
  sendPage(res, 429, "Confirmation failed", failed(TOO_MANY));
}

const PAGES: Record<LinkConfirmation, { status: number; title: string; body: Html }> = {
  confirmed: {
    status: 200,
    // Cognito's page says "Your registration has been confirmed!"; ours uses the app's words (ADR 0046).
    title: "Account confirmed",
    body: html`<h1>Your account is confirmed</h1><p>You can close this page and sign in.</p>`,
  },
  alreadyConfirmed: {
    status: 200,
    title: "Already confirmed",
    body: html`<h1>Your account is already confirmed</h1><p>You can sign in.</p>`,
  },
  expired: {
    status: 400,
    title: "Confirmation failed",
    body: failed("This confirmation link has expired. Request a new one from the app."),
  },
  superseded: {
    status: 400,
    title: "Confirmation failed",
    body: failed(
      "This confirmation link is not valid any more: a newer one was sent. Use the link in the latest email.",
    ),
  },
  // One page for an unknown client or user, a token never issued, and a malformed or cut link.
  invalid: {
    status: 400,
    title: "Confirmation failed",
    body: failed(
      "This confirmation link is not valid. " +
        "Open the whole link from the latest email, or request a new one from the app.",
    ),
  },
};

/**
 * `GET /confirmUser?client_id=&user_name=&confirmation_code=`: the link of a CONFIRM_WITH_LINK e-mail.
 * `confirmation_code` is the link's own 256-bit token (ConfirmationService.confirmByLink), never the
 * 6-digit code, so nothing here can be guessed.
 */
export function confirmUser(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = (k: string) => (typeof req.query[k] === "string" ? (req.query[k] as string) : undefined);
    const clientId = q("client_id");
    const username = q("user_name");
    const token = q("confirmation_code");
    // Set once the client is known: every page after that offers the way back (no dead end, issue #24).
    let back: string | undefined;
    const withBack = (body: Html) =>
      back ? joinHtml([body, html`<p><a href="${back}">Continue to the app to sign in</a></p>`]) : body;
    const show = (outcome: LinkConfirmation) =>
      sendPage(res, PAGES[outcome].status, PAGES[outcome].title, withBack(PAGES[outcome].body));
    res.locals.operation = "ConfirmUserLink";
    if (!clientId || !username || !token || clientId.length > 128 || username.length > 2048 || token.length > 128) {
      show("invalid");
      return;
    }
    try {
      const client = await deps.pools.findClient(clientId);
      const pool = client && (await deps.pools.findPool(client.poolId));
      if (!client || !pool) {
        show("invalid");
        return;
      }
      back = backToApp(client);
      // Confirming a sign-up: Cognito's UserCreation category, counted before the user is looked up so
      // that a throttled answer does not depend on who exists.
      await deps.requestRates.admitEndpoint(pool.id, "GET /confirmUser");
      const user = await deps.users.resolve(pool, username);
      const outcome = await deps.confirmation.confirmByLink({ pool, client, user, typedName: username, token });
      // Only a valid token reaches these two outcomes, so the address says nothing the link did not: the app's log-in
      // form may open with it filled in (`?email=`, which a client that does not know it ignores).
      const email = user?.attributes.email;
      if ((outcome === "confirmed" || outcome === "alreadyConfirmed") && back && email) {
        const url = new URL(back);
        url.searchParams.set("email", email);
        back = url.href;
      }
      show(outcome);
    } catch (err) {
      if (err instanceof CognitoError) {
        res.locals.errorType = err.code;
        logCause(deps.log, err, { op: "ConfirmUserLink", reqId: res.locals.requestId });
        if (err.code === "TooManyRequestsException") {
          confirmUserRefused(res);
          return;
        }
        // Otherwise reached only with a valid token: an alias held by another account, or a PostConfirmation failure.
        sendPage(res, 400, "Confirmation failed", withBack(failed(err.message)));
        return;
      }
      deps.log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, "confirmUser failed");
      sendPage(res, 500, "Confirmation failed", failed("Something went wrong. Try again later."));
    }
  };
}
