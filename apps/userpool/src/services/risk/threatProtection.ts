/**
 * Threat protection (ADR 0031): the user event history, compromised-credentials checks, the risk score
 * of a sign-in and the configured actions. AUDIT records and scores but never acts (no block, no MFA, no
 * notification); ENFORCED acts, as Cognito's two modes do (developer guide, "Advanced security with threat
 * protection"). With threat protection OFF nothing is recorded.
 */
import type {
  AccountTakeoverActionType,
  AuthEventType as WireAuthEvent,
  NotifyEmailType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../../clock.js";
import { safeEqual, type DataCrypto } from "../../crypto/envelope.js";
import {
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
} from "../../errors/cognitoErrors.js";
import type { Random } from "../../random.js";
import type {
  AuthEventCursor,
  AuthEventRow,
  AuthEventType,
  ChallengeOutcome,
  FeedbackValue,
  RiskLevel,
  Store,
  UserRow,
} from "../../store/index.js";
import type { Logger } from "../../log.js";
import type { Mailer } from "../mail/mailer.js";
import type { Client, Pool } from "../pools.js";
import type { PublicUrls } from "../urls.js";
import { isCompromised } from "./compromisedPasswords.js";
import {
  inRanges,
  protectionMode,
  requireProtection,
  type RiskConfigService,
  type RiskSettings,
} from "./riskConfig.js";
import { HISTORY_LIMIT, HISTORY_WINDOW_MS, scoreSignIn } from "./riskScore.js";

/** Where a request came from, as threat protection records it. */
export interface RequestSignals {
  ip: string | null;
  deviceName: string | null;
}

export const NO_SIGNALS: RequestSignals = { ip: null, deviceName: null };

/** Cognito's answer to a sign-in its risk rules block. */
export const RISK_BLOCKED = "Unable to login because of security reasons.";
/** Cognito's answer to a compromised password at sign-up or password change. */
export const COMPROMISED_PASSWORD = "Provided password cannot be used for security reasons.";

/** User event history is kept this long, then housekeeping deletes it (ADR 0031). */
export const EVENT_RETENTION_MS = 2 * 365 * 86_400_000;
/** An MFA answer completes the sign-in event opened at most this long ago (AuthSessionValidity's maximum). */
const MFA_COMPLETION_MS = 15 * 60_000;
const DEFAULT_PAGE = 60;

/** What a passed password check leads to, once scored. */
export interface SignInVerdict {
  eventId: string;
  /** Risk-driven MFA: "ifConfigured" continues without a factor, "required" blocks without one. */
  mfa: "none" | "ifConfigured" | "required";
  action: AccountTakeoverActionType | undefined;
  level: RiskLevel | null;
  compromised: boolean;
  /** The configuration that applied (the client's, else the pool's). */
  config: RiskSettings;
  /** The challenges answered so far: the password, or none for a passwordless or custom sign-in. */
  challenges: ChallengeOutcome[];
}

type Deps = {
  store: Store;
  clock: Clock;
  random: Random;
  crypto: DataCrypto;
  mailer: Mailer;
  log: Logger;
  urls: PublicUrls;
  riskConfig: RiskConfigService;
};

const ACTION_OF: Record<RiskLevel, "LowAction" | "MediumAction" | "HighAction"> = {
  Low: "LowAction",
  Medium: "MediumAction",
  High: "HighAction",
};

export class ThreatProtectionService {
  constructor(private readonly deps: Deps) {}

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  private async insert(
    pool: Pool,
    userId: string,
    type: AuthEventType,
    signals: RequestSignals,
    e: Pick<AuthEventRow, "response" | "riskDecision" | "riskLevel" | "compromised" | "challenges">,
  ): Promise<string> {
    const eventId = this.deps.random.uuid();
    await this.deps.store.risk.insertEvent({
      eventId,
      poolId: pool.id,
      userId,
      type,
      createdAt: this.now(),
      ip: signals.ip,
      deviceName: signals.deviceName,
      feedback: null,
      ...e,
    });
    return eventId;
  }

  /** A sign-in with the wrong password, recorded for a known user (threat protection on). */
  async signInFailed(pool: Pool, userId: string, signals: RequestSignals): Promise<void> {
    if (protectionMode(pool) === "OFF") return;
    await this.insert(pool, userId, "SignIn", signals, {
      response: "Fail",
      riskDecision: "NoRisk",
      riskLevel: null,
      compromised: false,
      challenges: [{ ChallengeName: "Password", ChallengeResponse: "Failure" }],
    });
  }

  /**
   * The password checked out: scores the sign-in, records it (InProgress until `passed`), and in ENFORCED
   * mode acts: an address on the block list, a BLOCK action or a compromised password under a BLOCK action
   * refuses the sign-in. `password` is there only for the flows that send it (never SRP: Cognito checks
   * compromised credentials only on USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH). `factor` "other" is a
   * one-time code or a passkey: Cognito's ChallengeName has only Password and Mfa, so none is listed for it
   * (ADR 0031).
   */
  async assessSignIn(
    ctx: { pool: Pool; client: Client },
    user: UserRow,
    signals: RequestSignals,
    password: string | undefined,
    factor: "password" | "other" = "password",
  ): Promise<SignInVerdict | undefined> {
    const { pool } = ctx;
    const mode = protectionMode(pool);
    if (mode === "OFF") return undefined;
    const enforced = mode === "ENFORCED";
    const config = await this.deps.riskConfig.effective(pool.id, ctx.client.id);
    const compromised = password !== undefined && filters(config, "SIGN_IN") && isCompromised(password);
    const exceptions = config.RiskExceptionConfiguration;
    const blockedAddress = inRanges(exceptions?.BlockedIPRangeList, signals.ip);
    let level: RiskLevel | null = null;
    if (blockedAddress) level = "High";
    else if (!inRanges(exceptions?.SkippedIPRangeList, signals.ip)) {
      const now = this.now();
      const history = await this.deps.store.risk.recentEvents(pool.id, user.id, now - HISTORY_WINDOW_MS, HISTORY_LIMIT);
      level = scoreSignIn({ now, ...signals }, history).level;
    }
    const action = level ? config.AccountTakeoverRiskConfiguration?.Actions?.[ACTION_OF[level]] : undefined;
    const challenges: ChallengeOutcome[] =
      factor === "password" ? [{ ChallengeName: "Password", ChallengeResponse: "Success" }] : [];
    const compromisedBlock =
      compromised && config.CompromisedCredentialsRiskConfiguration?.Actions?.EventAction === "BLOCK";
    if (enforced && (blockedAddress || compromisedBlock || action?.EventAction === "BLOCK")) {
      const eventId = await this.insert(pool, user.id, "SignIn", signals, {
        response: "Fail",
        riskDecision: "Block",
        riskLevel: level,
        compromised,
        challenges,
      });
      if (action?.Notify) await this.notify(pool, user, eventId, signals, config, "BlockEmail");
      if (compromisedBlock) {
        // Developer guide, "Working with compromised-credentials detection": a blocked user is set to
        // RESET_REQUIRED and must change the password before signing in again.
        await this.deps.store.users.update(pool.id, user.id, { status: "RESET_REQUIRED", updatedAt: this.now() });
        throw new PasswordResetRequiredException("Password reset required for the user");
      }
      throw new NotAuthorizedException(RISK_BLOCKED);
    }
    const eventId = await this.insert(pool, user.id, "SignIn", signals, {
      response: "InProgress",
      riskDecision: level ? "AccountTakeover" : "NoRisk",
      riskLevel: level,
      compromised,
      challenges,
    });
    const mfa =
      enforced && action?.EventAction === "MFA_REQUIRED"
        ? "required"
        : enforced && action?.EventAction === "MFA_IF_CONFIGURED"
          ? "ifConfigured"
          : "none";
    return { eventId, mfa, action: enforced ? action : undefined, level, compromised, config, challenges };
  }

  /** The sign-in ends without a further challenge: Pass, and the NoActionEmail when the action notifies. */
  async passed(pool: Pool, user: UserRow, signals: RequestSignals, v: SignInVerdict | undefined): Promise<void> {
    if (!v) return;
    await this.deps.store.risk.updateEvent(pool.id, user.id, v.eventId, {
      response: "Pass",
      riskDecision: v.level ? "AccountTakeover" : "NoRisk",
      riskLevel: v.level,
      challenges: v.challenges,
    });
    if (v.action?.Notify) await this.notify(pool, user, v.eventId, signals, v.config, "NoActionEmail");
  }

  /** The risk wanted MFA: the MfaEmail when the action notifies (the event stays InProgress). */
  async challenged(pool: Pool, user: UserRow, signals: RequestSignals, v: SignInVerdict | undefined): Promise<void> {
    if (v?.action?.Notify) await this.notify(pool, user, v.eventId, signals, v.config, "MfaEmail");
  }

  /** MFA_REQUIRED and the user has no factor: the sign-in is blocked, as the action's description says. */
  async blockedWithoutMfa(
    pool: Pool,
    user: UserRow,
    signals: RequestSignals,
    v: SignInVerdict,
  ): Promise<InstanceType<typeof NotAuthorizedException>> {
    await this.deps.store.risk.updateEvent(pool.id, user.id, v.eventId, {
      response: "Fail",
      riskDecision: "Block",
      riskLevel: v.level,
      challenges: v.challenges,
    });
    if (v.action?.Notify) await this.notify(pool, user, v.eventId, signals, v.config, "BlockEmail");
    return new NotAuthorizedException(RISK_BLOCKED);
  }

  /** The user's sign-in event still waiting for its second factor: InProgress, or failed only on a wrong code. */
  private async openSignIn(pool: Pool, userId: string): Promise<AuthEventRow | undefined> {
    return (await this.deps.store.risk.recentEvents(pool.id, userId, this.now() - MFA_COMPLETION_MS, 20)).find(
      (e) =>
        e.type === "SignIn" &&
        (e.response === "InProgress" ||
          (e.response === "Fail" && e.challenges.at(-1)?.ChallengeName === "Mfa" && e.riskDecision !== "Block")),
    );
  }

  /** The second factor passed: the user's open sign-in event (if any) passes with Mfa Success. */
  async mfaPassed(pool: Pool, user: UserRow): Promise<void> {
    if (protectionMode(pool) === "OFF") return;
    const open = await this.openSignIn(pool, user.id);
    if (!open) return;
    await this.deps.store.risk.updateEvent(pool.id, user.id, open.eventId, {
      response: "Pass",
      riskDecision: open.riskDecision,
      riskLevel: open.riskLevel,
      challenges: [...open.challenges, { ChallengeName: "Mfa", ChallengeResponse: "Success" }],
    });
  }

  /**
   * A wrong MFA code: the open sign-in event gets Mfa Failure and fails, as Cognito shows an abandoned
   * sign-in; a right code later in the same sign-in still passes it (mfaPassed).
   */
  async mfaFailed(pool: Pool, userId: string): Promise<void> {
    if (protectionMode(pool) === "OFF") return;
    const open = await this.openSignIn(pool, userId);
    if (!open) return;
    await this.deps.store.risk.updateEvent(pool.id, userId, open.eventId, {
      response: "Fail",
      riskDecision: open.riskDecision,
      riskLevel: open.riskLevel,
      challenges: [...open.challenges, { ChallengeName: "Mfa", ChallengeResponse: "Failure" }],
    });
  }

  /**
   * A new password at sign-up or password change (`filter` names the EventFilter entry): refused in
   * ENFORCED mode with a BLOCK action when it is on the list, recorded either way when `user` is known.
   */
  async checkNewPassword(
    ctx: { pool: Pool; clientId?: string },
    filter: "SIGN_UP" | "PASSWORD_CHANGE",
    password: string,
  ): Promise<{ compromised: boolean }> {
    const mode = protectionMode(ctx.pool);
    if (mode === "OFF") return { compromised: false };
    const config = await this.deps.riskConfig.effective(ctx.pool.id, ctx.clientId);
    const compromised = filters(config, filter) && isCompromised(password);
    if (
      compromised &&
      mode === "ENFORCED" &&
      config.CompromisedCredentialsRiskConfiguration?.Actions?.EventAction === "BLOCK"
    )
      throw new InvalidPasswordException(COMPROMISED_PASSWORD);
    return { compromised };
  }

  /** Records a sign-up, password change, forgotten-password request or code resend of a known user. */
  async record(
    pool: Pool,
    user: UserRow,
    type: Exclude<AuthEventType, "SignIn">,
    signals: RequestSignals,
    outcome: { pass: boolean; compromised?: boolean },
  ): Promise<void> {
    if (protectionMode(pool) === "OFF") return;
    await this.insert(pool, user.id, type, signals, {
      response: outcome.pass ? "Pass" : "Fail",
      riskDecision: "NoRisk",
      riskLevel: null,
      compromised: outcome.compromised ?? false,
      challenges: [],
    });
  }

  /** AdminListUserAuthEvents: newest first, MaxResults 0 or absent meaning 60. */
  async list(
    pool: Pool,
    user: UserRow,
    maxResults: number | undefined,
    nextToken: string | undefined,
  ): Promise<{ AuthEvents: WireAuthEvent[]; NextToken?: string }> {
    requireProtection(pool);
    const limit = maxResults ? maxResults : DEFAULT_PAGE;
    const after = nextToken ? this.openCursor(pool, user, nextToken) : undefined;
    const rows = await this.deps.store.risk.listEvents(pool.id, user.id, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      AuthEvents: page.map(toWire),
      ...(rows.length > limit && last ? { NextToken: this.sealCursor(pool, user, last) } : {}),
    };
  }

  private sealCursor(pool: Pool, user: UserRow, e: AuthEventCursor): string {
    const body = `${e.createdAt}.${e.eventId}`;
    const mac = this.deps.crypto.mac("auth-events-page", pool.id, user.id, body);
    return `${Buffer.from(body).toString("base64url")}.${mac}`;
  }

  /** A page token names a position in this user's history and nothing else: it is MACed to the user. */
  private openCursor(pool: Pool, user: UserRow, token: string): AuthEventCursor {
    const [b64 = "", mac = ""] = token.split(".");
    const body = Buffer.from(b64, "base64url").toString();
    const [at, eventId] = [body.slice(0, body.indexOf(".")), body.slice(body.indexOf(".") + 1)];
    if (!safeEqual(mac, this.deps.crypto.mac("auth-events-page", pool.id, user.id, body)) || !/^\d+$/u.test(at))
      throw new InvalidParameterException("NextToken is not valid for this user.");
    return { createdAt: Number(at), eventId };
  }

  /** The FeedbackToken of an event: an HMAC under the data key over the pool, the user and the event. */
  feedbackToken(pool: Pool, user: UserRow, eventId: string): string {
    return this.deps.crypto.mac("auth-event-feedback", pool.id, user.id, eventId);
  }

  /**
   * (Admin)UpdateAuthEventFeedback: records the feedback on the event; the score then reads it (a Valid
   * event's device becomes known, an Invalid one's does not). `token` is checked for the public operation.
   */
  async feedback(
    pool: Pool,
    user: UserRow,
    eventId: string,
    value: FeedbackValue,
    by: { provider: "Admin" } | { provider: "User"; token: string },
  ): Promise<void> {
    requireProtection(pool);
    const event = await this.deps.store.risk.getEvent(pool.id, user.id, eventId);
    if (by.provider === "User" && (!event || !safeEqual(by.token, this.feedbackToken(pool, user, eventId))))
      throw new NotAuthorizedException("The feedback token is not valid for this event.");
    if (!event) throw new ResourceNotFoundException("Auth event not found.");
    await this.deps.store.risk.setFeedback(pool.id, user.id, eventId, { value, provider: by.provider, at: this.now() });
  }

  /**
   * The Notify e-mail, through the pool's mail sender, from NotifyConfiguration's template (or a default)
   * with Cognito's placeholders. No e-mail address, no message.
   */
  private async notify(
    pool: Pool,
    user: UserRow,
    eventId: string,
    signals: RequestSignals,
    config: RiskSettings,
    template: "BlockEmail" | "NoActionEmail" | "MfaEmail",
  ): Promise<void> {
    const to = user.attributes.email;
    if (!to) return;
    const nc = config.AccountTakeoverRiskConfiguration?.NotifyConfiguration;
    const t: NotifyEmailType = nc?.[template] ?? DEFAULT_TEMPLATES[template];
    const token = this.feedbackToken(pool, user, eventId);
    const link = (value: "valid" | "invalid") =>
      `${this.deps.urls.base()}/authEventFeedback?${new URLSearchParams({
        user_pool_id: pool.id,
        username: user.username,
        event_id: eventId,
        feedback_token: token,
        feedback_value: value,
      })}`;
    const values: Record<string, string> = {
      "{username}": user.username,
      "{ip-address}": signals.ip ?? "unknown",
      "{device-name}": signals.deviceName ?? "unknown",
      "{city}": "unknown",
      "{country}": "unknown",
      "{login-time}": new Date(this.now()).toUTCString(),
      "{one-click-link-valid}": link("valid"),
      "{one-click-link-invalid}": link("invalid"),
    };
    const fill = (s: string, encode: (v: string) => string) =>
      s.replace(/\{[a-z-]+\}/gu, (k) => (values[k] !== undefined ? encode(values[k]) : k));
    const text = t.TextBody ?? stripTags(t.HtmlBody ?? "");
    // A notice that cannot be delivered does not change the sign-in's outcome; the operator sees it in the log.
    await this.deps.mailer
      .send({
        to,
        subject: fill(t.Subject ?? "", (v) => v),
        text: fill(text, (v) => v),
        html: fill(t.HtmlBody ?? escapeHtml(text), escapeHtml),
        ...(nc?.From ? { from: nc.From } : {}),
        ...(nc?.ReplyTo ? { replyTo: nc.ReplyTo } : {}),
      })
      .catch((err: unknown) =>
        this.deps.log.warn(
          { poolId: pool.id, eventId, err: err instanceof Error ? err.message : String(err) },
          "threat protection notification not delivered",
        ),
      );
  }
}

function filters(config: RiskSettings, filter: "SIGN_IN" | "SIGN_UP" | "PASSWORD_CHANGE"): boolean {
  // EventFilter "defaults to all events" (API reference, CompromisedCredentialsRiskConfigurationType).
  const f = config.CompromisedCredentialsRiskConfiguration?.EventFilter;
  return !f || f.length === 0 || f.includes(filter);
}

function toWire(e: AuthEventRow): WireAuthEvent {
  return {
    EventId: e.eventId,
    EventType: e.type,
    CreationDate: new Date(e.createdAt),
    EventResponse: e.response,
    EventRisk: {
      RiskDecision: e.riskDecision,
      ...(e.riskLevel ? { RiskLevel: e.riskLevel } : {}),
      CompromisedCredentialsDetected: e.compromised,
    },
    ChallengeResponses: e.challenges,
    EventContextData: {
      ...(e.ip ? { IpAddress: e.ip } : {}),
      ...(e.deviceName ? { DeviceName: e.deviceName } : {}),
    },
    ...(e.feedback
      ? {
          EventFeedback: {
            FeedbackValue: e.feedback.value,
            Provider: e.feedback.provider,
            FeedbackDate: new Date(e.feedback.at),
          },
        }
      : {}),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/gu, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const stripTags = (s: string) => s.replace(/<[^>]*>/gu, "");

const DEFAULT_BODY =
  "We noticed a sign-in to your account {username} from {device-name} at {ip-address} on {login-time}. " +
  "If this was you, confirm it: {one-click-link-valid} If it was not, report it: {one-click-link-invalid}";
const DEFAULT_TEMPLATES: Record<"BlockEmail" | "NoActionEmail" | "MfaEmail", NotifyEmailType> = {
  BlockEmail: { Subject: "Blocked sign-in attempt", TextBody: `${DEFAULT_BODY} The attempt was blocked.` },
  NoActionEmail: { Subject: "New sign-in activity", TextBody: DEFAULT_BODY },
  MfaEmail: { Subject: "New sign-in activity", TextBody: `${DEFAULT_BODY} A second factor was asked for.` },
};
