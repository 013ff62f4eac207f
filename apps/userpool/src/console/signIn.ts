/**
 * Console sign-in (ADR 0052). Production: an admin credential (USERPOOL_ADMIN_CREDENTIALS), or a member of
 * the configured admin group signing in through the pool's own AdminInitiateAuth and
 * AdminRespondToAuthChallenge (its password policy, lockout, threat protection and MFA apply; no second
 * password check here). Any failure is the same 401 `sign_in_failed`, so nothing tells which part was wrong.
 */
import type { Request, Response } from "express";
import { AwsError } from "../errors/awsError.js";
import { safeEqual } from "../crypto/envelope.js";
import { requestAddress } from "../http/addressLimit.js";
import type { RequestContext } from "../protocol/target.js";
import { parseInput } from "../protocol/validate.js";
import type { AuthResponse } from "../services/signIn.js";
import { recordAudit } from "./audit.js";
import { ConsoleError, type ConsoleContext, objectBody, route, sendJson, stringMember } from "./context.js";
import { DEVELOPER, isLoopbackClient, startSession } from "./session.js";

/** A pending MFA step lives as long as Cognito's default AuthSessionValidity allows and a little more. */
const STEP_MS = 5 * 60_000;
/** The challenges the console can answer, and the ChallengeResponses member each answer goes in. */
const ANSWERS: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE",
  SMS_MFA: "SMS_MFA_CODE",
  EMAIL_OTP: "EMAIL_OTP_CODE",
  SELECT_MFA_TYPE: "ANSWER",
};

interface StepState {
  challenge: string;
  session: string;
  username: string;
}

const failed = (message = "Sign-in failed.") => new ConsoleError(401, "sign_in_failed", message);
const stepAad = (idHash: string) => `console-step|${idHash}`;

export function signIn(ctx: ConsoleContext) {
  return route(async (req, res) => {
    const body = objectBody(req);
    if (ctx.mode === "development") {
      // Development has no sign-in: a loopback client gets the session GET /session opens.
      if (!isLoopbackClient(ctx, req))
        throw new ConsoleError(403, "loopback_only", "The development console opens for loopback clients only.");
      sendJson(res, 200, await startSession(ctx, req, res, DEVELOPER));
      return;
    }
    await admitSignIn(ctx, req);
    if ("accessKeyId" in body) {
      await credentialSignIn(ctx, req, res, body);
      return;
    }
    const poolId = stringMember(body, "userPoolId", 55);
    const username = stringMember(body, "username", 128);
    const password = stringMember(body, "password", 256);
    const g = ctx.config.adminGroup;
    if (!g || poolId !== g.poolId) return refuse(ctx, username, poolId, "NotAdminPool");
    const answer = await cognito(ctx, req, "AdminInitiateAuth", {
      UserPoolId: g.poolId,
      ClientId: g.clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    if (answer instanceof ConsoleError) return refuse(ctx, username, poolId, answer.message);
    await afterAnswer(ctx, req, res, answer, username);
  });
}

/** `POST /_console/api/sign-in/respond { step, code }` (or `{ step, answer }` for SELECT_MFA_TYPE). */
export function respondToStep(ctx: ConsoleContext) {
  return route(async (req, res) => {
    if (ctx.mode === "development") throw new ConsoleError(404, "not_found", "Development mode has no sign-in steps.");
    const body = objectBody(req);
    await admitSignIn(ctx, req);
    const step = stringMember(body, "step", 64);
    // Checked before the step is used up: a malformed request must not cost the admin their step.
    const given = stringMember(body, "code" in body ? "code" : "answer", 64);
    const now = ctx.services.clock.now().getTime();
    const idHash = ctx.services.crypto.mac("console-step", step);
    const row = await ctx.store.consoleSessions.getLive(idHash, "step", now);
    // Consumed once: a second answer to the same step (a replay, a double click) fails.
    const g = ctx.config.adminGroup;
    if (!g || !row?.dataEnc || !(await ctx.store.consoleSessions.delete(idHash))) throw failed();
    const state = JSON.parse(ctx.services.crypto.decrypt(row.dataEnc, stepAad(idHash)).toString("utf8")) as StepState;
    const member = ANSWERS[state.challenge]!;
    const value = member === "ANSWER" ? body.answer : body.code;
    if (value !== given) throw failed();
    const answer = await cognito(ctx, req, "AdminRespondToAuthChallenge", {
      UserPoolId: g.poolId,
      ClientId: g.clientId,
      ChallengeName: state.challenge,
      Session: state.session,
      ChallengeResponses: { USERNAME: state.username, [member]: given },
    });
    if (answer instanceof ConsoleError) return refuse(ctx, state.username, g.poolId, answer.message);
    await afterAnswer(ctx, req, res, answer, state.username);
  });
}

/** The per-address sign-in limit of InitiateAuth (USERPOOL_RATE_LIMIT_ADDRESSES), as other sign-ins. */
async function admitSignIn(ctx: ConsoleContext, req: Request): Promise<void> {
  const limits = ctx.services.requestRates;
  if (!limits.active) return;
  try {
    await limits.admitOperationAddress("InitiateAuth", requestAddress(limits, req));
  } catch (e) {
    if (e instanceof AwsError) throw new ConsoleError(429, "too_many_requests", e.message);
    throw e;
  }
}

async function credentialSignIn(
  ctx: ConsoleContext,
  req: Request,
  res: Response,
  body: Record<string, unknown>,
): Promise<void> {
  const id = stringMember(body, "accessKeyId", 128);
  const secret = stringMember(body, "secretAccessKey", 256);
  const known = ctx.lookupAdminSecret(id);
  // Compared as MACs: equal lengths, so the comparison time says nothing about the secret's length.
  const mac = (s: string) => ctx.services.crypto.mac("console-credential", s);
  const ok = known !== undefined && safeEqual(mac(secret), mac(known));
  if (!ok) return refuse(ctx, id, undefined, "WrongAdminCredential");
  const who = `admin credential ${id}`;
  await recordAudit(ctx, { who, operation: "SignIn", outcome: "ok" });
  sendJson(res, 200, await startSession(ctx, req, res, who));
}

/** Runs a sign-in operation in-process; a Cognito refusal comes back as a ConsoleError (logged only). */
async function cognito(
  ctx: ConsoleContext,
  req: Request,
  operation: "AdminInitiateAuth" | "AdminRespondToAuthChallenge",
  input: Record<string, unknown>,
): Promise<AuthResponse | ConsoleError> {
  const target = ctx.targets.get(operation)!;
  const userAgent = req.get("user-agent");
  const rc: RequestContext = {
    requestId: ctx.services.random.uuid(),
    sourceIp: requestAddress(ctx.services.requestRates, req),
    ...(userAgent ? { userAgent } : {}),
  };
  try {
    return (await target.handle(ctx.services, parseInput(target.input, input), rc)) as AuthResponse;
  } catch (e) {
    if (e instanceof AwsError) {
      if (e.code === "TooManyRequestsException") throw new ConsoleError(429, "too_many_requests", e.message);
      return new ConsoleError(401, "sign_in_failed", e.code);
    }
    throw e;
  }
}

/** Tokens: the group decides; a challenge the console can answer: a step; anything else: refused. */
async function afterAnswer(
  ctx: ConsoleContext,
  req: Request,
  res: Response,
  answer: AuthResponse,
  typed: string,
): Promise<void> {
  const g = ctx.config.adminGroup!;
  const { services } = ctx;
  if (answer.AuthenticationResult) {
    const pool = await services.pools.getPool(g.poolId);
    // The console session is ours: the pool session the flow just opened is not needed and is ended.
    const refresh = answer.AuthenticationResult.RefreshToken;
    if (refresh)
      await services.revocation.revokeRefreshToken(await services.pools.getClientOfPool(pool.id, g.clientId), refresh);
    // Membership from the store, not from the token: a Pre Token Generation trigger may rewrite cognito:groups.
    const user = await services.users.resolve(pool, typed);
    const member = user
      ? (await services.groups.groupsOf(pool, user, 10_000)).groups.some((x) => x.name === g.group)
      : false;
    if (!user || !member) return refuse(ctx, typed, g.poolId, "NotAdminGroupMember");
    const who = `${user.username} (${pool.id})`;
    await recordAudit(ctx, { who, operation: "SignIn", userPoolId: pool.id, outcome: "ok" });
    sendJson(res, 200, await startSession(ctx, req, res, who));
    return;
  }
  const challenge = answer.ChallengeName;
  if (!challenge || !answer.Session || !(challenge in ANSWERS))
    return refuse(
      ctx,
      typed,
      g.poolId,
      `UnsupportedChallenge:${challenge ?? "none"}`,
      challenge ? `This account must complete ${challenge} in an app before it can sign in to the console.` : undefined,
    );
  const step = services.random.bytes(32).toString("base64url");
  const idHash = services.crypto.mac("console-step", step);
  const now = services.clock.now().getTime();
  const username = answer.ChallengeParameters?.USER_ID_FOR_SRP ?? answer.ChallengeParameters?.USERNAME ?? typed;
  const state: StepState = { challenge, session: answer.Session, username };
  await ctx.store.consoleSessions.create({
    idHash,
    kind: "step",
    who: typed,
    dataEnc: services.crypto.encrypt(JSON.stringify(state), stepAad(idHash)),
    createdAt: now,
    idleExpiresAt: now + STEP_MS,
    expiresAt: now + STEP_MS,
  });
  sendJson(res, 200, { signedIn: false, challenge, step });
}

/**
 * Every refusal: audited with its reason as the outcome (the Cognito exception, or NotAdminGroupMember and the
 * like; never the password), answered with the one 401.
 */
async function refuse(
  ctx: ConsoleContext,
  who: string,
  userPoolId: string | undefined,
  reason: string,
  message?: string,
): Promise<never> {
  await recordAudit(ctx, { who, operation: "SignIn", userPoolId, outcome: reason });
  throw failed(message);
}
