/**
 * The three custom-authentication triggers: their events and how their answers are read (developer
 * guide, "Define auth challenge Lambda trigger", "Create auth challenge Lambda trigger", "Verify auth
 * challenge response Lambda trigger"). Kept apart from events.ts/responses.ts, which the other triggers share.
 *
 * - `request.session` is the list of `{ challengeName, challengeResult, challengeMetadata }` so far;
 * - `userNotFound` is there only when the client has PreventUserExistenceErrors ENABLED (the only
 *   setting under which an unknown name gets this far): true for a name no user has, whose
 *   `userAttributes` are then empty;
 * - `clientMetadata` is there only when RespondToAuthChallenge passed ClientMetadata: InitiateAuth's goes
 *   to PreAuthentication as validationData and to no challenge trigger (API reference, InitiateAuth).
 */
import type {
  AuthChallengeContext,
  CreatedAuthChallenge,
  DefineAuthChallengeResult,
  TriggerContext,
} from "../services/triggers.js";
import { type EventHeader, type TriggerEvent, userAttributesOf, userNotFoundOf } from "./events.js";
import { MalformedResponse } from "./failures.js";
import { optionalBoolean, optionalString, optionalStringMap, responseOf } from "./responses.js";

const AWS_SDK_VERSION = "aws-sdk-unknown-unknown";

function header(ctx: AuthChallengeContext, triggerSource: string): EventHeader {
  return {
    version: "1",
    triggerSource,
    region: ctx.pool.settings.Region,
    userPoolId: ctx.pool.id,
    userName: ctx.username,
    callerContext: { awsSdkVersion: AWS_SDK_VERSION, clientId: ctx.client?.id ?? "CLIENT_ID_NOT_APPLICABLE" },
  };
}

const metadata = (ctx: TriggerContext) => (ctx.clientMetadata ? { clientMetadata: { ...ctx.clientMetadata } } : {});
const attributes = (ctx: Omit<AuthChallengeContext, "session">) =>
  ctx.user ? userAttributesOf(ctx.pool, ctx.user) : {};
const sessionOf = (ctx: AuthChallengeContext) => ctx.session.map((c) => ({ ...c }));

export function defineAuthChallengeEvent(ctx: AuthChallengeContext): TriggerEvent {
  return {
    ...header(ctx, "DefineAuthChallenge_Authentication"),
    request: {
      userAttributes: attributes(ctx),
      session: sessionOf(ctx),
      ...metadata(ctx),
      ...userNotFoundOf(ctx.client, ctx.userNotFound),
    },
    response: { challengeName: null, issueTokens: false, failAuthentication: false },
  };
}

export function createAuthChallengeEvent(ctx: AuthChallengeContext & { challengeName: string }): TriggerEvent {
  return {
    ...header(ctx, "CreateAuthChallenge_Authentication"),
    request: {
      userAttributes: attributes(ctx),
      challengeName: ctx.challengeName,
      session: sessionOf(ctx),
      ...metadata(ctx),
      ...userNotFoundOf(ctx.client, ctx.userNotFound),
    },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  };
}

export function verifyAuthChallengeResponseEvent(
  ctx: Omit<AuthChallengeContext, "session"> & {
    privateChallengeParameters: Record<string, string>;
    challengeAnswer: string;
  },
): TriggerEvent {
  return {
    ...header({ ...ctx, session: [] }, "VerifyAuthChallengeResponse_Authentication"),
    request: {
      userAttributes: attributes(ctx),
      privateChallengeParameters: { ...ctx.privateChallengeParameters },
      challengeAnswer: ctx.challengeAnswer,
      ...metadata(ctx),
      ...userNotFoundOf(ctx.client, ctx.userNotFound),
    },
    response: { answerCorrect: false },
  };
}

/**
 * Define's answer. With neither flag set it must name the next challenge; which names may follow
 * which is the flow's business (customAuth.ts).
 */
export function readDefineAuthChallenge(returned: unknown): DefineAuthChallengeResult {
  const r = responseOf(returned);
  const challengeName = optionalString(r, "challengeName", "response");
  const issueTokens = optionalBoolean(r, "issueTokens", "response") ?? false;
  const failAuthentication = optionalBoolean(r, "failAuthentication", "response") ?? false;
  if (!issueTokens && !failAuthentication && !challengeName)
    throw new MalformedResponse(
      "Invalid lambda response: response.challengeName is required " +
        "when neither issueTokens nor failAuthentication is true",
    );
  return { ...(challengeName ? { challengeName } : {}), issueTokens, failAuthentication };
}

// Cognito sends public parameters in ChallengeParameters and keeps metadata in the session; bounded
// here so a function cannot grow the stored session without limit.
const MAX_METADATA = 2048;

export function readCreateAuthChallenge(returned: unknown): CreatedAuthChallenge {
  const r = responseOf(returned);
  return {
    publicChallengeParameters: { ...(optionalStringMap(r, "publicChallengeParameters", "response") ?? {}) },
    privateChallengeParameters: { ...(optionalStringMap(r, "privateChallengeParameters", "response") ?? {}) },
    challengeMetadata: optionalString(r, "challengeMetadata", "response", MAX_METADATA) ?? null,
  };
}

export function readVerifyAuthChallengeResponse(returned: unknown): boolean {
  return optionalBoolean(responseOf(returned), "answerCorrect", "response") ?? false;
}
