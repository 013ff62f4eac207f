import type { Request, Response } from "express";
import { logCause } from "../errors/cause.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import { html } from "../html.js";
import type { Services } from "../services/index.js";
import { sendPage } from "./html.js";

type Deps = Pick<Services, "pools" | "users" | "threats" | "log" | "requestRates">;

const THANKS = html`<h1>Thank you</h1><p>Your answer about this sign-in was recorded.</p>`;
const INVALID = html`<h1>Link not valid</h1><p>Open the whole link from the email.</p>`;

/**
 * `GET /authEventFeedback?user_pool_id=&username=&event_id=&feedback_token=&feedback_value=valid|invalid`:
 * the {one-click-link-valid} / {one-click-link-invalid} of a threat protection notification. It is
 * UpdateAuthEventFeedback behind a link (the same token check, counted as that operation), so a user
 * answers by opening it, as with Cognito's links.
 */
export function authEventFeedback(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = (k: string) => (typeof req.query[k] === "string" ? (req.query[k] as string) : "");
    res.locals.operation = "AuthEventFeedbackLink";
    const [poolId, username, eventId, token, value] = [
      q("user_pool_id"),
      q("username"),
      q("event_id"),
      q("feedback_token"),
      q("feedback_value"),
    ];
    if (
      !poolId ||
      !username ||
      !eventId ||
      !token ||
      (value !== "valid" && value !== "invalid") ||
      [poolId, username, eventId, token].some((v) => v.length > 256)
    ) {
      sendPage(res, 400, "Link not valid", INVALID);
      return;
    }
    try {
      await deps.requestRates.admitOperation("UpdateAuthEventFeedback", { UserPoolId: poolId });
      const pool = await deps.pools.getPool(poolId);
      const user = await deps.users.get(pool, username);
      await deps.threats.feedback(pool, user, eventId, value === "valid" ? "Valid" : "Invalid", {
        provider: "User",
        token,
      });
      sendPage(res, 200, "Thank you", THANKS);
    } catch (err) {
      if (!(err instanceof CognitoError)) throw err;
      res.locals.errorType = err.code;
      logCause(deps.log, err, { op: "AuthEventFeedbackLink", reqId: res.locals.requestId });
      const status = err.code === "TooManyRequestsException" ? 429 : 400;
      sendPage(res, status, "Link not valid", INVALID);
    }
  };
}
