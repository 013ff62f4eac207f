import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import type { Services } from "../services/index.js";
import { escapeHtml, sendPage } from "./html.js";

type Deps = Pick<Services, "pools" | "users" | "confirmation" | "log" | "requestRates">;

const TOO_MANY = "Too many requests. Wait a minute, then open the link again.";

/** The page for a link refused by a request-rate limit. */
export function confirmUserRefused(res: Response): void {
  sendPage(res, 429, "Confirmation failed", `<h1>Confirmation failed</h1><p>${escapeHtml(TOO_MANY)}</p>`);
}

/**
 * `GET /confirmUser?client_id=&user_name=&confirmation_code=`: the link of Cognito's
 * CONFIRM_WITH_LINK e-mail. It confirms the account and shows a small result page.
 */
export function confirmUser(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = (k: string) => (typeof req.query[k] === "string" ? (req.query[k] as string) : undefined);
    const clientId = q("client_id");
    const username = q("user_name");
    const code = q("confirmation_code");
    const fail = (status: number, message: string) => sendPage(res, status, "Confirmation failed", `<h1>Confirmation failed</h1><p>${escapeHtml(message)}</p>`);
    if (!clientId || !username || !code || clientId.length > 128 || username.length > 128 || code.length > 2048) {
      fail(400, "This confirmation link is incomplete. Copy the whole link from the e-mail.");
      return;
    }
    try {
      const client = await deps.pools.findClient(clientId);
      const pool = client && (await deps.pools.findPool(client.poolId));
      const user = pool && (await deps.users.resolve(pool, username));
      if (!client || !pool || !user) {
        fail(400, "This confirmation link is not valid.");
        return;
      }
      // Confirming a sign-up: Cognito's UserCreation category.
      await deps.requestRates.admitEndpoint(pool.id, "GET /confirmUser");
      if (user.status !== "UNCONFIRMED") {
        sendPage(res, 200, "Already confirmed", "<h1>Your registration has already been confirmed.</h1><p>You can sign in.</p>");
        return;
      }
      await deps.confirmation.confirmSignUp({ pool, client, user, code });
      res.locals.operation = "ConfirmUserLink";
      sendPage(res, 200, "Registration confirmed", "<h1>Your registration has been confirmed!</h1><p>You can close this page and sign in.</p>");
    } catch (err) {
      if (err instanceof CognitoError) {
        res.locals.errorType = err.code;
        if (err.code === "TooManyRequestsException") fail(429, TOO_MANY);
        else if (err.code === "ExpiredCodeException") fail(400, "This confirmation link has expired. Request a new one from the app.");
        else if (err.code === "CodeMismatchException") fail(400, "This confirmation link is not valid (a newer one may have been sent).");
        else fail(400, err.message);
        return;
      }
      deps.log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, "confirmUser failed");
      fail(500, "Something went wrong. Try again later.");
    }
  };
}
