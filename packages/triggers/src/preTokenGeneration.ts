import type { Clock } from "./clock.js";
import { TriggerError, invalidEvent } from "./errors.js";
import {
  eventShape,
  isUserTokenGeneration,
  type PreTokenGenerationEvent,
  type PreTokenGenerationV1Event,
  type PreTokenGenerationV2Event,
} from "./events.js";
import { describeError, type LogFields, type Logger } from "./log.js";
import { isTransientDbError, type CognitoUser, type UserSyncStore } from "./store/users.js";

/** The claim the API reads to find the user's rows without a lookup by email. */
export const DB_USER_ID_CLAIM = "db_user_id";

// The users table's column sizes; checked here so an oversize value is a clear error, not a driver one.
const MAX_SUB = 128;
const MAX_EMAIL = 320;

export type Deps = {
  users: () => Promise<UserSyncStore>;
  clock: Clock;
  log: Logger;
};

/**
 * PreTokenGeneration: upsert the signed-in user by Cognito `sub`, then add `db_user_id`
 * (V1: ID token; V2/V3: ID and access token), keeping every override already in the response.
 * Returns a new event; the input is not mutated (the in-process transport may reuse it).
 */
export async function preTokenGeneration(event: PreTokenGenerationEvent, deps: Deps): Promise<PreTokenGenerationEvent> {
  if (!event || typeof event !== "object") throw invalidEvent("the event is not an object");
  // Typed as the five user sources, but Cognito may send any (V3_0 adds ClientCredentials).
  const source: string = event.triggerSource;
  const context = { triggerSource: source, userPoolId: event.userPoolId };

  // Wired to another trigger (PostConfirmation, …) or an M2M client-credentials grant: there is no
  // signed-in user to sync and no response of ours to write. Hand the event back untouched.
  if (!isUserTokenGeneration(source)) {
    if (source === "TokenGeneration_ClientCredentials")
      deps.log.debug("event ignored: machine-to-machine token, no user", context);
    else deps.log.warn("event ignored: this function is meant for PreTokenGeneration only", context);
    return event;
  }
  const shape = eventShape(event);
  if (!shape)
    throw new TriggerError(
      "UnsupportedEventVersion",
      `unsupported PreTokenGeneration event version ${JSON.stringify(event.version)}`,
    );

  const user = readUser(event);
  let id: string;
  try {
    ({ id } = await syncUser(user, deps, context));
  } catch (err) {
    // Fail the sign-in rather than issue a token without the claim the API depends on.
    deps.log.error("user sync failed", { ...context, sub: user.sub, ...describeError(err) });
    throw new TriggerError("UserSyncFailed", "could not sync the user with the app database", { cause: err });
  }
  deps.log.debug("user synced", { ...context, sub: user.sub, dbUserId: id });

  return shape === "v1"
    ? withV1Claim(event as PreTokenGenerationV1Event, id)
    : withV2Claim(event as PreTokenGenerationV2Event, id);
}

/** One upsert, repeated once if the connection broke under it (safe: the upsert is idempotent). */
async function syncUser(user: CognitoUser, deps: Deps, context: LogFields): Promise<{ id: string }> {
  const users = await deps.users();
  try {
    return await users.upsertBySub(user, deps.clock());
  } catch (err) {
    if (!isTransientDbError(err)) throw err;
    deps.log.warn("user sync retrying after a connection error", { ...context, sub: user.sub, ...describeError(err) });
    return await users.upsertBySub(user, deps.clock());
  }
}

function readUser(event: PreTokenGenerationEvent): CognitoUser {
  const attributes: unknown = event.request?.userAttributes;
  if (!attributes || typeof attributes !== "object") throw invalidEvent("request.userAttributes is missing");
  const { sub, email } = attributes as Record<string, unknown>;
  if (typeof sub !== "string" || sub === "") throw invalidEvent("request.userAttributes.sub is missing");
  if (sub.length > MAX_SUB) throw invalidEvent(`request.userAttributes.sub is longer than ${MAX_SUB} characters`);
  if (email !== undefined && email !== null && typeof email !== "string")
    throw invalidEvent("request.userAttributes.email is not a string");
  if (typeof email === "string" && email.length > MAX_EMAIL)
    throw invalidEvent(`request.userAttributes.email is longer than ${MAX_EMAIL} characters`);
  // Stored verbatim: the email is data, never part of the SQL text. A user without one (phone-only,
  // or the attribute was deleted) gets NULL, which is the attribute's current state.
  return { sub, email: typeof email === "string" && email !== "" ? email : null };
}

function withV1Claim(event: PreTokenGenerationV1Event, id: string): PreTokenGenerationV1Event {
  const details = event.response?.claimsOverrideDetails ?? {};
  return {
    ...event,
    response: {
      ...event.response,
      claimsOverrideDetails: {
        ...details,
        claimsToAddOrOverride: { ...details.claimsToAddOrOverride, [DB_USER_ID_CLAIM]: id },
      },
    },
  };
}

function withV2Claim(event: PreTokenGenerationV2Event, id: string): PreTokenGenerationV2Event {
  const details = event.response?.claimsAndScopeOverrideDetails ?? {};
  const idToken = details.idTokenGeneration ?? {};
  const accessToken = details.accessTokenGeneration ?? {};
  return {
    ...event,
    response: {
      ...event.response,
      claimsAndScopeOverrideDetails: {
        ...details,
        idTokenGeneration: {
          ...idToken,
          claimsToAddOrOverride: { ...idToken.claimsToAddOrOverride, [DB_USER_ID_CLAIM]: id },
        },
        accessTokenGeneration: {
          ...accessToken,
          claimsToAddOrOverride: { ...accessToken.claimsToAddOrOverride, [DB_USER_ID_CLAIM]: id },
        },
      },
    },
  };
}
