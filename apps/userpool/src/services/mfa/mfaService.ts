/**
 * Multi-factor sign-in: a user's factors and preference, the authenticator app (TOTP), and the MFA
 * challenges that follow a right password (developer guide, "Adding MFA to a user pool"; API reference,
 * RespondToAuthChallenge, AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference).
 *
 * `mfaStep` is the one decision "does this sign-in need a second factor, and which challenge"; the
 * answers come back through `answer`. Codes go out through `CodeSender`s, one per delivery channel.
 */
import type { Clock } from "../../clock.js";
import { base32Encode, matchTotp, TOTP_SECRET_BYTES } from "../../crypto/totp.js";
import { type DataCrypto, sha256 } from "../../crypto/envelope.js";
import {
  AliasExistsException,
  CHALLENGE_INVALID,
  CodeMismatchException,
  EnableSoftwareTokenMFAException,
  InvalidParameterException,
  NotAuthorizedException,
  SoftwareTokenMFANotFoundException,
} from "../../errors/cognitoErrors.js";
import { DIGITS, type Random, randomString } from "../../random.js";
import type { MfaFactor, MfaPreferences, Store, UserMfaRow, UserRow } from "../../store/index.js";
import { aliasKey, parseAttributes } from "../attributes.js";
import type { ChallengeSessionService, ChallengeState, SessionKind } from "../challengeSessions.js";
import type { LockoutService } from "../lockout.js";
import type { MessageService } from "../mail/messages.js";
import { mfaFactors, type PoolSettings } from "../poolSettings.js";
import type { Client, Pool } from "../pools.js";
import { checkSecretHash } from "../secretHash.js";
import type { PoolService } from "../pools.js";
import type { UserService } from "../users.js";

/**
 * Wrong codes one challenge session takes; the next wrong one uses it up, and the client must sign in
 * again. Cognito does not document its number (ADR 0012). Every wrong code also counts toward the
 * user's sign-in lockout, which is what bounds guessing across sessions.
 */
export const MAX_WRONG_CODES_PER_SESSION = 5;

const DEFAULT_EMAIL_SUBJECT = "Your sign-in code";
const DEFAULT_EMAIL_MESSAGE = "Your sign-in code is {####}. ";

export interface FlowContext {
  pool: Pool;
  client: Client;
  clientMetadata?: Record<string, string>;
}

/** A challenge to answer, as (Admin)InitiateAuth / RespondToAuthChallenge return it. */
export interface Challenge {
  ChallengeName: MfaChallengeName;
  Session: string;
  ChallengeParameters: Record<string, string>;
}

/** The challenges of MFA (their sessions are of the same kinds). */
export type MfaChallengeName = Extract<
  SessionKind,
  "MFA_SETUP" | "SELECT_MFA_TYPE" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SMS_MFA"
>;

/** What an MFA answer leads to: another challenge, or a user who has passed MFA. */
export type MfaOutcome = { challenge: Challenge } | { signedIn: UserRow };

/** Delivers a sign-in code over one channel (EMAIL_OTP, SMS_MFA), to the user's address or to `to`. */
export interface CodeSender {
  send(ctx: FlowContext, user: UserRow, code: string, to?: string): Promise<{ medium: string; destination: string }>;
}

/**
 * Whether the pool can send e-mail MFA codes now: the factor on and the pool's own sender
 * (EmailSendingAccount DEVELOPER, ADR 0012), which UpdateUserPool may have changed since.
 */
export function emailMfaAvailable(s: PoolSettings): boolean {
  return !!mfaFactors(s).Email && s.EmailConfiguration?.EmailSendingAccount === "DEVELOPER";
}

/** Cognito documents no in-flow SMS setup (API reference, InitiateAuth, ChallengeName MFA_SETUP; ADR 0015). */
export const SMS_SETUP_REFUSED =
  "SMS MFA cannot be set up in MFA_SETUP. Give the user a phone_number (AdminUpdateUserAttributes) " +
  "and start the sign-in again, or set up another factor listed in MFAS_CAN_SETUP.";

interface MfaSessionState extends ChallengeState {
  /** EMAIL_OTP / SMS_MFA: the MAC of the code sent. */
  codeMac?: string;
  /** SELECT_MFA_TYPE: the factors offered. MFA_SETUP: the ones that may be set up. */
  factors?: MfaFactor[];
  /** MFA_SETUP: set once VerifySoftwareToken accepted a code with this session. */
  verified?: boolean;
  /**
   * EMAIL_OTP started by MFA_SETUP: the address the code went to. It becomes the user's verified
   * e-mail, and e-mail MFA is turned on, only when the right code comes back (ADR 0015).
   */
  setupEmail?: string;
}

type Deps = {
  store: Store;
  crypto: DataCrypto;
  clock: Clock;
  random: Random;
  pools: PoolService;
  users: UserService;
  challengeSessions: ChallengeSessionService;
  lockout: LockoutService;
  messages: MessageService;
};

const NO_MFA: MfaPreferences = { totpEnabled: false, emailEnabled: false, smsEnabled: false, preferred: null };

const totpAad = (poolId: string, userId: string) => `totp-secret|${poolId}|${userId}`;

export class MfaService {
  private readonly email: CodeSender;
  /**
   * SMS_MFA codes go through `services.sms` (the development outbox, SNS or the webhook), from the
   * pool's SmsAuthenticationMessage, with trigger source CustomMessage_Authentication.
   */
  private readonly sms: CodeSender;

  constructor(private readonly deps: Deps) {
    this.email = {
      send: async (ctx, user, code, to) => {
        const t = mfaFactors(ctx.pool.settings).Email ?? {};
        const d = await deps.messages.sendAuthenticationCode({
          pool: ctx.pool,
          client: ctx.client,
          user,
          code,
          template: { Message: t.Message ?? DEFAULT_EMAIL_MESSAGE, Subject: t.Subject ?? DEFAULT_EMAIL_SUBJECT },
          ...(ctx.clientMetadata ? { clientMetadata: ctx.clientMetadata } : {}),
          ...(to ? { to } : {}),
        });
        return { medium: "EMAIL", destination: d.Destination ?? "" };
      },
    };
    this.sms = {
      send: async (ctx, user, code) => {
        const d = await deps.messages.sendSmsCode({
          pool: ctx.pool,
          client: ctx.client,
          user,
          code,
          source: "CustomMessage_Authentication",
          ...(ctx.clientMetadata ? { clientMetadata: ctx.clientMetadata } : {}),
        });
        return { medium: "SMS", destination: d.Destination ?? "" };
      },
    };
  }

  /** The user's MFA row, or every factor off. */
  async settingsOf(pool: Pool, user: UserRow): Promise<MfaPreferences & { row?: UserMfaRow }> {
    const row = await this.deps.store.mfa.get(pool.id, user.id);
    return row ? { ...row, row } : NO_MFA;
  }

  /** GetUser / AdminGetUser: UserMFASettingList and PreferredMfaSetting. */
  async describe(pool: Pool, user: UserRow): Promise<{ UserMFASettingList: string[]; PreferredMfaSetting?: string }> {
    return this.describeRow(user, await this.deps.store.mfa.get(pool.id, user.id));
  }

  /** As `describe`, with the user's MFA row already read (AccessTokenService reads it with the user). */
  describeRow(
    user: UserRow,
    row: UserMfaRow | undefined,
  ): { UserMFASettingList: string[]; PreferredMfaSetting?: string } {
    const s: MfaPreferences & { row?: UserMfaRow } = row ? { ...row, row } : NO_MFA;
    const on = this.enabledFactors(s, user);
    return {
      UserMFASettingList: on,
      ...(s.preferred && on.includes(s.preferred) ? { PreferredMfaSetting: s.preferred } : {}),
    };
  }

  /** The factors a user has on and can use (a factor whose secret or address is gone is not). */
  private enabledFactors(s: MfaPreferences & { row?: UserMfaRow }, user: UserRow): MfaFactor[] {
    const out: MfaFactor[] = [];
    if (s.smsEnabled && user.attributes.phone_number) out.push("SMS_MFA");
    if (s.totpEnabled && s.row?.totpSecretEnc) out.push("SOFTWARE_TOKEN_MFA");
    if (s.emailEnabled && user.attributes.email) out.push("EMAIL_OTP");
    return out;
  }

  /**
   * (Admin)SetUserMFAPreference. A factor left out keeps its setting; PreferredMfa turns the factor on
   * and the others' preference off. Turning on needs the factor on in the pool and the user able to
   * receive it (a verified authenticator app, an e-mail address, a phone number).
   */
  async setPreference(
    pool: Pool,
    user: UserRow,
    req: Partial<Record<MfaFactor, { Enabled?: boolean | undefined; PreferredMfa?: boolean | undefined }>>,
  ): Promise<void> {
    const current = await this.settingsOf(pool, user);
    const next: MfaPreferences = {
      totpEnabled: current.totpEnabled,
      emailEnabled: current.emailEnabled,
      smsEnabled: current.smsEnabled,
      preferred: current.preferred,
    };
    const factors = mfaFactors(pool.settings);
    const field = { SOFTWARE_TOKEN_MFA: "totpEnabled", EMAIL_OTP: "emailEnabled", SMS_MFA: "smsEnabled" } as const;
    for (const factor of ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"] as const) {
      const s = req[factor];
      if (!s) continue;
      const on = s.Enabled ?? (s.PreferredMfa === true ? true : next[field[factor]]);
      if (s.PreferredMfa && s.Enabled === false)
        throw new InvalidParameterException(`${factor} cannot be preferred and turned off at once.`);
      if (on && !next[field[factor]]) {
        const poolOn =
          factor === "SOFTWARE_TOKEN_MFA"
            ? factors.SoftwareToken
            : factor === "EMAIL_OTP"
              ? !!factors.Email
              : factors.Sms;
        if (!poolOn) throw new InvalidParameterException(`${factor} is not enabled in the user pool.`);
        if (factor === "SOFTWARE_TOKEN_MFA" && !current.row?.totpSecretEnc)
          throw new InvalidParameterException("User has not verified software token mfa");
        if (factor === "EMAIL_OTP" && !user.attributes.email)
          throw new InvalidParameterException("User does not have delivery config set to turn on EMAIL_OTP");
        if (factor === "SMS_MFA" && !user.attributes.phone_number)
          throw new InvalidParameterException("User does not have delivery config set to turn on SMS_MFA");
      }
      next[field[factor]] = on;
      if (s.PreferredMfa) next.preferred = factor;
      else if (s.PreferredMfa === false && next.preferred === factor) next.preferred = null;
      if (!on && next.preferred === factor) next.preferred = null;
    }
    await this.deps.store.mfa.setPreferences(pool.id, user.id, next, this.deps.clock.now().getTime());
  }

  /**
   * (Admin)SetUserSettings: the legacy MFAOptions, which can only turn SMS MFA on (SMS to
   * phone_number) or off (an empty list).
   */
  async setLegacyOptions(
    pool: Pool,
    user: UserRow,
    options: { DeliveryMedium?: string | undefined; AttributeName?: string | undefined }[],
  ): Promise<void> {
    for (const o of options)
      if (o.DeliveryMedium !== "SMS" || (o.AttributeName !== undefined && o.AttributeName !== "phone_number"))
        throw new InvalidParameterException("MFAOptions can only name SMS delivery to phone_number.");
    await this.setPreference(pool, user, { SMS_MFA: { Enabled: options.length > 0 } });
  }

  /** AdminGetUser's MFAOptions: SMS to phone_number when SMS MFA is on (the legacy view). */
  async legacyOptions(pool: Pool, user: UserRow): Promise<{ DeliveryMedium: "SMS"; AttributeName: string }[]> {
    const s = await this.settingsOf(pool, user);
    return s.smsEnabled && user.attributes.phone_number
      ? [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }]
      : [];
  }

  /** AssociateSoftwareToken: a new secret, pending until verified (the verified one, if any, stays in force). */
  async associate(pool: Pool, user: UserRow): Promise<string> {
    if (!mfaFactors(pool.settings).SoftwareToken) throw new SoftwareTokenMFANotFoundException();
    const secret = this.deps.random.bytes(TOTP_SECRET_BYTES);
    const enc = this.deps.crypto.encrypt(secret, totpAad(pool.id, user.id));
    await this.deps.store.mfa.setPendingTotp(pool.id, user.id, enc, this.deps.clock.now().getTime());
    return base32Encode(secret);
  }

  /** AdminDeleteSoftwareToken: the authenticator app is gone, TOTP MFA off and no longer preferred. */
  async deleteSoftwareToken(pool: Pool, user: UserRow): Promise<void> {
    await this.deps.store.mfa.deleteTotp(pool.id, user.id, this.deps.clock.now().getTime());
  }

  /**
   * VerifySoftwareToken: the pending secret becomes the user's authenticator app if `code` is its code
   * now. Through MFA_SETUP (`enable`) TOTP MFA is turned on too; with an access token it is only
   * verified, and SetUserMFAPreference turns it on (developer guide, "TOTP software token MFA").
   */
  async verify(pool: Pool, user: UserRow, code: string, deviceName: string | undefined, enable: boolean) {
    if (!mfaFactors(pool.settings).SoftwareToken) throw new SoftwareTokenMFANotFoundException();
    const row = await this.deps.store.mfa.get(pool.id, user.id);
    if (!row?.totpPendingEnc)
      throw new InvalidParameterException(
        "No software token is associated with the user; call AssociateSoftwareToken.",
      );
    const secret = this.deps.crypto.decrypt(row.totpPendingEnc, totpAad(pool.id, user.id));
    const step = matchTotp(secret, code, this.deps.clock.now().getTime());
    if (step === undefined) throw new EnableSoftwareTokenMFAException("Code mismatch");
    const ok = await this.deps.store.mfa.activateTotp(pool.id, user.id, {
      pendingEnc: row.totpPendingEnc,
      step,
      deviceName: deviceName ?? null,
      enable,
      now: this.deps.clock.now().getTime(),
    });
    if (!ok) throw new EnableSoftwareTokenMFAException("Code mismatch");
    if (enable) {
      const s = await this.settingsOf(pool, user);
      // Set up during sign-in with nothing else preferred: the app becomes the preferred factor.
      if (!s.preferred)
        await this.deps.store.mfa.setPreferences(
          pool.id,
          user.id,
          { ...s, totpEnabled: true, preferred: "SOFTWARE_TOKEN_MFA" },
          this.deps.clock.now().getTime(),
        );
    }
  }

  /**
   * The MFA decision after a right password: null when the sign-in needs no second factor, else the
   * challenge to answer. The place to add "a remembered device skips MFA".
   */
  async mfaStep(ctx: FlowContext, user: UserRow): Promise<Challenge | null> {
    const mode = ctx.pool.settings.MfaConfiguration;
    if (mode === "OFF") return null;
    const poolFactors = mfaFactors(ctx.pool.settings);
    const s = await this.settingsOf(ctx.pool, user);
    const usable = this.enabledFactors(s, user).filter((f) =>
      f === "SOFTWARE_TOKEN_MFA"
        ? poolFactors.SoftwareToken || !!s.row?.totpSecretEnc
        : f === "EMAIL_OTP"
          ? !!poolFactors.Email
          : poolFactors.Sms,
    );
    // With MFA required and SMS MFA on, Cognito texts a user's verified phone number even when the
    // user never turned SMS MFA on (the pool-level SMS MFA that predates per-user settings; CDK's
    // MfaSecondFactor.sms: "sent to their verified phone numbers").
    if (
      mode === "ON" &&
      poolFactors.Sms &&
      !usable.includes("SMS_MFA") &&
      user.attributes.phone_number &&
      user.attributes.phone_number_verified === "true"
    )
      usable.unshift("SMS_MFA");
    if (usable.length === 0) {
      if (mode === "OPTIONAL") return null;
      // Developer guide: with MFA required, a user with no factor set up gets MFA_SETUP.
      const canSetUp: MfaFactor[] = [];
      if (poolFactors.SoftwareToken) canSetUp.push("SOFTWARE_TOKEN_MFA");
      if (emailMfaAvailable(ctx.pool.settings)) canSetUp.push("EMAIL_OTP");
      if (poolFactors.Sms) canSetUp.push("SMS_MFA");
      return this.challenge(
        ctx,
        user,
        "MFA_SETUP",
        { MFAS_CAN_SETUP: JSON.stringify(canSetUp) },
        { factors: canSetUp },
      );
    }
    const chosen =
      s.preferred && usable.includes(s.preferred) ? s.preferred : usable.length === 1 ? usable[0] : undefined;
    if (chosen) return this.startFactor(ctx, user, chosen);
    return this.challenge(
      ctx,
      user,
      "SELECT_MFA_TYPE",
      { MFAS_CAN_CHOOSE: JSON.stringify(usable) },
      { factors: usable },
    );
  }

  /**
   * Threat protection's MFA (ADR 0031): a factor the user can receive even without having turned it on, as
   * MFA_IF_CONFIGURED / MFA_REQUIRED describe it ("if the user pool has active MFA methods that the user can
   * set up"): a registered authenticator app, a verified e-mail address with e-mail MFA on, a verified phone
   * number with SMS MFA on. Null when there is none (or the pool's MFA is OFF).
   */
  async riskStep(ctx: FlowContext, user: UserRow): Promise<Challenge | null> {
    if (ctx.pool.settings.MfaConfiguration === "OFF") return null;
    const poolFactors = mfaFactors(ctx.pool.settings);
    const s = await this.settingsOf(ctx.pool, user);
    const possible: MfaFactor[] = [];
    if (poolFactors.SoftwareToken && s.row?.totpSecretEnc) possible.push("SOFTWARE_TOKEN_MFA");
    if (emailMfaAvailable(ctx.pool.settings) && user.attributes.email && user.attributes.email_verified === "true")
      possible.push("EMAIL_OTP");
    if (poolFactors.Sms && user.attributes.phone_number && user.attributes.phone_number_verified === "true")
      possible.push("SMS_MFA");
    const chosen = s.preferred && possible.includes(s.preferred) ? s.preferred : possible[0];
    return chosen ? this.startFactor(ctx, user, chosen) : null;
  }

  /** The challenge of one factor; EMAIL_OTP and SMS_MFA send their code now. */
  private async startFactor(ctx: FlowContext, user: UserRow, factor: MfaFactor): Promise<Challenge> {
    if (factor === "SOFTWARE_TOKEN_MFA") return this.challenge(ctx, user, factor, {}, {});
    const sender = factor === "EMAIL_OTP" ? this.email : this.sms;
    const code = randomString(this.deps.random, DIGITS, 6);
    const sent = await sender.send(ctx, user, code);
    return this.challenge(
      ctx,
      user,
      factor,
      { CODE_DELIVERY_DELIVERY_MEDIUM: sent.medium, CODE_DELIVERY_DESTINATION: sent.destination },
      { codeMac: this.codeMac(factor, user.id, code) },
    );
  }

  /**
   * A first-factor code of choice-based sign-in (USER_AUTH EMAIL_OTP / SMS_OTP), sent with the MFA
   * codes' templates and triggers (CustomMessage / CustomEmailSender / CustomSMSSender _Authentication).
   * Its MAC is under another purpose than MFA codes', so neither kind of code answers the other.
   */
  async sendSignInCode(
    ctx: FlowContext,
    user: UserRow,
    factor: "EMAIL_OTP" | "SMS_OTP",
  ): Promise<{ parameters: Record<string, string>; codeMac: string }> {
    const sender = factor === "EMAIL_OTP" ? this.email : this.sms;
    const code = randomString(this.deps.random, DIGITS, 6);
    const sent = await sender.send(ctx, user, code);
    return {
      parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: sent.medium, CODE_DELIVERY_DESTINATION: sent.destination },
      codeMac: this.signInCodeMac(factor, user.id, code),
    };
  }

  signInCodeMatches(factor: "EMAIL_OTP" | "SMS_OTP", userId: string, code: string, mac: string): boolean {
    return this.signInCodeMac(factor, userId, code) === mac;
  }

  private signInCodeMac(factor: "EMAIL_OTP" | "SMS_OTP", userId: string, code: string): string {
    return this.deps.crypto.mac("sign-in-code", factor, userId, code);
  }

  private codeMac(factor: MfaFactor, userId: string, code: string): string {
    return this.deps.crypto.mac("mfa-code", factor, userId, code);
  }

  private async challenge(
    ctx: FlowContext,
    user: UserRow,
    kind: MfaChallengeName,
    params: Record<string, string>,
    state: Omit<MfaSessionState, "username">,
  ): Promise<Challenge> {
    const handle = await this.deps.challengeSessions.create<MfaSessionState>(kind, ctx.pool, ctx.client, user.id, {
      username: user.username,
      ...state,
    });
    return {
      ChallengeName: kind,
      Session: handle.toString("base64url"),
      ChallengeParameters: { ...params, USER_ID_FOR_SRP: user.username },
    };
  }

  /**
   * The secret AssociateSoftwareToken gave and no code has verified yet (base32), so the hosted setup
   * page can show it again after a wrong code instead of replacing the one the user already scanned.
   */
  async pendingSecret(pool: Pool, user: UserRow): Promise<string | undefined> {
    const row = await this.deps.store.mfa.get(pool.id, user.id);
    if (!row?.totpPendingEnc) return undefined;
    return base32Encode(this.deps.crypto.decrypt(row.totpPendingEnc, totpAad(pool.id, user.id)));
  }

  /**
   * AssociateSoftwareToken with the Session of an MFA_SETUP challenge: the secret, and a new Session
   * for VerifySoftwareToken (the old one is used up).
   */
  async associateInSetup(session: string): Promise<{ secret: string; session: string }> {
    const { ctx, user, state } = await this.openSetup(session, true);
    if (!state.factors?.includes("SOFTWARE_TOKEN_MFA")) throw new SoftwareTokenMFANotFoundException();
    const secret = await this.associate(ctx.pool, user);
    const next = await this.challenge(ctx, user, "MFA_SETUP", {}, { factors: state.factors });
    return { secret, session: next.Session };
  }

  /** VerifySoftwareToken with an MFA_SETUP Session: on success a Session that answers MFA_SETUP. */
  async verifyInSetup(session: string, code: string, deviceName: string | undefined): Promise<string> {
    const { ctx, user, state } = await this.openSetup(session, false);
    await this.verify(ctx.pool, user, code, deviceName, true);
    await this.deps.challengeSessions.consume("MFA_SETUP", Buffer.from(session, "base64url"), ctx.client);
    const next = await this.challenge(
      ctx,
      user,
      "MFA_SETUP",
      {},
      { ...(state.factors ? { factors: state.factors } : {}), verified: true },
    );
    return next.Session;
  }

  /** The live MFA_SETUP session behind `session` (no client is named by these two operations). */
  private async openSetup(session: string, consume: boolean) {
    const handle = Buffer.from(session, "base64url");
    const row = await this.deps.store.challengeSessions.get(sha256(handle));
    if (row?.kind !== "MFA_SETUP" || !row.userId) throw new NotAuthorizedException(CHALLENGE_INVALID);
    const client = await this.deps.pools.findClient(row.clientId);
    const pool = client && (await this.deps.pools.findPool(client.poolId));
    if (!client || !pool) throw new NotAuthorizedException(CHALLENGE_INVALID);
    const { state } = consume
      ? await this.deps.challengeSessions.consume<MfaSessionState>("MFA_SETUP", handle, client)
      : await this.deps.challengeSessions.peek<MfaSessionState>("MFA_SETUP", handle, client);
    const user = await this.deps.users.getById(pool, row.userId);
    if (!user) throw new NotAuthorizedException(CHALLENGE_INVALID);
    return { ctx: { pool, client }, user, state };
  }

  /** (Admin)RespondToAuthChallenge for the MFA challenges. */
  async answer(
    ctx: FlowContext,
    kind: SessionKind,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<MfaOutcome> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const username = responses?.USERNAME;
    if (!username) throw new InvalidParameterException("Missing required parameter USERNAME");
    const handle = Buffer.from(session, "base64url");
    const { row, state } = await this.deps.challengeSessions.peek<MfaSessionState>(kind, handle, ctx.client);
    const user = row.userId ? await this.deps.users.getById(ctx.pool, row.userId) : undefined;
    if (!user || !(await this.names(ctx.pool, user, username)))
      throw new NotAuthorizedException("Invalid session for the user.");
    checkSecretHash(this.deps.pools, ctx.client, [username, user.username], responses?.SECRET_HASH);
    switch (kind) {
      case "SELECT_MFA_TYPE": {
        const answer = responses?.ANSWER as MfaFactor | undefined;
        if (!answer || !state.factors?.includes(answer))
          throw new InvalidParameterException(`ANSWER must be one of ${JSON.stringify(state.factors ?? [])}.`);
        await this.deps.challengeSessions.consume(kind, handle, ctx.client);
        return { challenge: await this.startFactor(ctx, user, answer) };
      }
      case "MFA_SETUP": {
        if (state.verified) {
          await this.deps.challengeSessions.consume(kind, handle, ctx.client);
          return { signedIn: user };
        }
        if (responses?.EMAIL !== undefined)
          return { challenge: await this.startEmailSetup(ctx, user, handle, state, responses.EMAIL) };
        if (responses?.PHONE_NUMBER !== undefined || responses?.phone_number !== undefined)
          throw new InvalidParameterException(SMS_SETUP_REFUSED);
        throw new InvalidParameterException(
          "MFA_SETUP is answered with EMAIL (the address for e-mail MFA), or with the Session " +
            "VerifySoftwareToken returned after AssociateSoftwareToken.",
        );
      }
      case "SOFTWARE_TOKEN_MFA":
      case "EMAIL_OTP":
      case "SMS_MFA": {
        const field = {
          SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE",
          EMAIL_OTP: "EMAIL_OTP_CODE",
          SMS_MFA: "SMS_MFA_CODE",
        }[kind];
        const code = responses?.[field];
        if (!code) throw new InvalidParameterException(`Missing required parameter ${field}`);
        const ok =
          kind === "SOFTWARE_TOKEN_MFA"
            ? await this.useTotp(ctx.pool, user, code)
            : state.codeMac === this.codeMac(kind, user.id, code);
        if (!ok) {
          const subject = this.deps.lockout.subjectOf(user.id);
          await this.deps.challengeSessions.countFailedAnswer(kind, handle, ctx.client, MAX_WRONG_CODES_PER_SESSION);
          if (!(await this.deps.lockout.countFailure(ctx.pool, subject)))
            throw new NotAuthorizedException("Password attempts exceeded");
          throw new CodeMismatchException("Invalid code received for user");
        }
        await this.deps.challengeSessions.consume(kind, handle, ctx.client);
        // A right code starts the user's failure count over, unless the user is locked out meanwhile.
        await this.deps.lockout.settle(ctx.pool, this.deps.lockout.subjectOf(user.id), true);
        if (kind === "EMAIL_OTP" && state.setupEmail)
          return { signedIn: await this.finishEmailSetup(ctx.pool, user, state.setupEmail) };
        return { signedIn: user };
      }
      default:
        throw new InvalidParameterException(`Challenge ${kind} is not an MFA challenge.`);
    }
  }

  /**
   * MFA_SETUP answered with EMAIL (what aws-amplify v6 sends after CONTINUE_SIGN_IN_WITH_EMAIL_SETUP):
   * a code to that address and an EMAIL_OTP challenge whose right answer finishes the setup. The
   * address is checked as an `email` written by this client would be, and against the other users'
   * sign-in aliases, but written to the user only once the code proves it (ADR 0015).
   */
  private async startEmailSetup(
    ctx: FlowContext,
    user: UserRow,
    handle: Buffer,
    state: MfaSessionState,
    address: string,
  ): Promise<Challenge> {
    if (!state.factors?.includes("EMAIL_OTP") || !emailMfaAvailable(ctx.pool.settings))
      throw new InvalidParameterException("EMAIL_OTP is not enabled in the user pool.");
    const email = parseAttributes(ctx.pool, [{ Name: "email", Value: address }], {
      writer: ctx.client,
      allowVerifiedFlags: false,
    }).email;
    if (!email) throw new InvalidParameterException("Invalid email address format.");
    await this.checkEmailFree(ctx.pool, user, email);
    // The MFA_SETUP session is used up here: one code per setup session, and a replay is refused.
    await this.deps.challengeSessions.consume("MFA_SETUP", handle, ctx.client);
    const code = randomString(this.deps.random, DIGITS, 6);
    const sent = await this.email.send(ctx, user, code, email);
    return this.challenge(
      ctx,
      user,
      "EMAIL_OTP",
      { CODE_DELIVERY_DELIVERY_MEDIUM: sent.medium, CODE_DELIVERY_DESTINATION: sent.destination },
      { codeMac: this.codeMac("EMAIL_OTP", user.id, code), setupEmail: email },
    );
  }

  /** An address that is another user's sign-in alias (or username) is refused, never taken over. */
  private async checkEmailFree(pool: Pool, user: UserRow, email: string): Promise<void> {
    const s = pool.settings;
    if (!s.UsernameAttributes?.includes("email") && !s.AliasAttributes?.includes("email")) return;
    const holder = await this.deps.store.users.getByAlias(pool.id, "email", aliasKey("email", email));
    if (holder && holder.id !== user.id) throw new AliasExistsException();
  }

  /** The right code came back: the address is the user's verified e-mail, and e-mail MFA is on. */
  private async finishEmailSetup(pool: Pool, user: UserRow, email: string): Promise<UserRow> {
    await this.checkEmailFree(pool, user, email);
    // The alias index decides a race with another user taking the address meanwhile (AliasExistsException).
    const updated = await this.deps.users.update(pool, user, {
      attributes: { ...user.attributes, email, email_verified: "true" },
    });
    if (!updated) throw new NotAuthorizedException(CHALLENGE_INVALID);
    const s = await this.settingsOf(pool, updated);
    await this.deps.store.mfa.setPreferences(
      pool.id,
      user.id,
      {
        totpEnabled: s.totpEnabled,
        emailEnabled: true,
        smsEnabled: s.smsEnabled,
        // Set up during sign-in with nothing else preferred: e-mail becomes the preferred factor.
        preferred: s.preferred ?? "EMAIL_OTP",
      },
      this.deps.clock.now().getTime(),
    );
    return updated;
  }

  /** Whether `code` is the user's authenticator code now and its time step is unused (then it is used). */
  private async useTotp(pool: Pool, user: UserRow, code: string): Promise<boolean> {
    const row = await this.deps.store.mfa.get(pool.id, user.id);
    if (!row?.totpSecretEnc) return false;
    const secret = this.deps.crypto.decrypt(row.totpSecretEnc, totpAad(pool.id, user.id));
    const step = matchTotp(secret, code, this.deps.clock.now().getTime());
    // A step not later than the last one used is a replay, refused as a wrong code.
    return step !== undefined && (await this.deps.store.mfa.useTotpStep(pool.id, user.id, row.totpSecretEnc, step));
  }

  private async names(pool: Pool, user: UserRow, name: string): Promise<boolean> {
    if (this.deps.users.usernameKey(pool, name) === user.usernameKey) return true;
    return (await this.deps.users.resolve(pool, name))?.id === user.id;
  }
}
