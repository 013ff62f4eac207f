/**
 * The Lambda trigger runtime behind the `Triggers` seam. For each trigger point it reads the pool's
 * LambdaConfig, builds Cognito's event, runs the function through the transport its reference
 * names, waits at most the timeout (Cognito's is 5 s), and turns the answer into the effect the
 * caller applies. A pool without the trigger configured behaves exactly like `noTriggers`.
 *
 * Failures follow Cognito: a function that throws, answers something unusable or runs too long
 * fails the operation with UserLambdaValidationException "<TriggerName> failed with error <message>.";
 * one that cannot be invoked at all, with UnexpectedLambdaException. The function's own error
 * message is passed on (Cognito does the same; functions must not put secrets in it); the event,
 * which may hold a password, is never logged.
 *
 * Loading a function is Lambda's Init phase, not the invocation: it runs before the timer, within its
 * own limit, and `warm` runs it ahead of the first invocation (ADR 0054).
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  CodeDeliveryFailureException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from "../errors/cognitoErrors.js";
import type { Logger } from "../log.js";
import type { Metrics, TriggerOutcome } from "../observability/metrics.js";
import { currentRequest } from "../observability/requestContext.js";
import { JsonTooDeep, plainJson } from "../protocol/jsonInput.js";
import type { UserRow } from "../store/index.js";
import type { Attributes } from "../services/attributes.js";
import type { Client, Pool } from "../services/pools.js";
import {
  noTriggers,
  type AuthChallengeContext,
  type CreatedAuthChallenge,
  type DefineAuthChallengeResult,
  type CustomMessage,
  type CustomMessageSource,
  type MigratedUser,
  type PreAuthenticationContext,
  type PreSignUpResult,
  type SenderChannel,
  type PreSignUpSource,
  type TokenClaims,
  type TokenGenerationSource,
  type TriggerContext,
  type Triggers,
} from "../services/triggers.js";
import {
  createAuthChallengeEvent,
  defineAuthChallengeEvent,
  readCreateAuthChallenge,
  readDefineAuthChallenge,
  readVerifyAuthChallengeResponse,
  verifyAuthChallengeResponseEvent,
} from "./authChallenges.js";
import { applyPreTokenGeneration } from "./claims.js";
import * as events from "./events.js";
import { FunctionError, InvocationError, MalformedResponse } from "./failures.js";
import {
  configuredFunction,
  preTokenGenerationVersion,
  TRIGGER_NAMES,
  type SenderName,
  type TriggerName,
} from "./lambdaConfig.js";
import type { TriggerModulePolicy } from "./modulePolicy.js";
import type { SenderCodeEncryptor } from "./senderCodes.js";
import type { FunctionRef } from "./reference.js";
import { InProcessTransport } from "./transports/inProcess.js";
import { LambdaInvokeTransport, type LambdaTransportOptions } from "./transports/lambdaInvoke.js";
import type { Transport } from "./transports/transport.js";
import { readCustomMessage, readEmpty, readPreSignUp, readUserMigration } from "./responses.js";

// Sign-up messages may carry the code inside a confirmation link ({##text##}) instead of as {####}.
const LINK_SOURCES = new Set<CustomMessageSource>(["CustomMessage_SignUp", "CustomMessage_ResendCode"]);

/** Cognito waits 5 seconds for a trigger and cannot be configured otherwise. */
export const COGNITO_TRIGGER_TIMEOUT_MS = 5000;

/**
 * Lambda's Init phase (extensions, runtime, the function's top-level code) is limited to 10 seconds and
 * is not part of the invocation's timeout; past the limit, Lambda retries Init during the first
 * invocation with the function's timeout (Lambda developer guide, "Understanding the Lambda execution
 * environment lifecycle", Init phase).
 */
export const LAMBDA_INIT_LIMIT_MS = 10_000;

export interface TriggerRuntimeOptions {
  log: Logger;
  /** Default 5000 ms (Cognito's). Tests lower it. */
  timeoutMs?: number;
  /** How long loading a function may take before the invocation's timer starts: default 10 s (Lambda's Init). */
  initLimitMs?: number;
  /** Which in-process modules may run, and where relative module references point. */
  modules: TriggerModulePolicy;
  /** Lambda Invoke API endpoint and credentials (USERPOOL_LAMBDA_ENDPOINT, AWS_* variables). */
  lambda?: Omit<LambdaTransportOptions, "log">;
  /** Test hooks: replace a transport. */
  transports?: { module?: Transport; lambda?: Transport };
  requestId?: () => string;
  /** Each invocation's duration by trigger source and outcome. */
  metrics?: Pick<Metrics, "trigger">;
  /** Encrypts the codes custom sender triggers get (KMS, or the development KMS); none: senders are refused. */
  senderCodes?: SenderCodeEncryptor;
}

/** Each channel's sender trigger and its `request.type` (developer guide, custom sender trigger pages). */
const SENDERS: Record<SenderChannel, { name: SenderName; type: string }> = {
  email: { name: "CustomEmailSender", type: "customEmailSenderRequestV1" },
  sms: { name: "CustomSMSSender", type: "customSMSSenderRequestV1" },
};

export class TriggerRuntime implements Triggers {
  private readonly timeoutMs: number;
  private readonly initLimitMs: number;
  private readonly moduleTransport: Transport;
  private readonly lambdaTransport: Transport;

  constructor(private readonly o: TriggerRuntimeOptions) {
    this.timeoutMs = o.timeoutMs ?? COGNITO_TRIGGER_TIMEOUT_MS;
    this.initLimitMs = o.initLimitMs ?? LAMBDA_INIT_LIMIT_MS;
    this.moduleTransport = o.transports?.module ?? new InProcessTransport({ log: o.log, modules: o.modules });
    this.lambdaTransport = o.transports?.lambda ?? new LambdaInvokeTransport({ ...o.lambda, log: o.log });
  }

  async preSignUp(
    ctx: TriggerContext & {
      source: PreSignUpSource;
      username: string;
      attributes: Attributes;
      validationData?: Attributes;
    },
  ): Promise<PreSignUpResult> {
    const ref = this.functionFor(ctx, "PreSignUp");
    if (!ref) return noTriggers.preSignUp(ctx);
    return this.run(ctx, "PreSignUp", ref, events.preSignUpEvent(ctx), readPreSignUp);
  }

  async postConfirmation(
    ctx: TriggerContext & {
      source: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword";
      user: UserRow;
    },
  ): Promise<void> {
    const ref = this.functionFor(ctx, "PostConfirmation");
    if (ref) await this.run(ctx, "PostConfirmation", ref, events.postConfirmationEvent(ctx), readEmpty);
  }

  async preAuthentication(ctx: PreAuthenticationContext): Promise<void> {
    const ref = this.functionFor(ctx, "PreAuthentication");
    if (ref) await this.run(ctx, "PreAuthentication", ref, events.preAuthenticationEvent(ctx), readEmpty);
  }

  async postAuthentication(ctx: TriggerContext & { user: UserRow; newDeviceUsed: boolean }): Promise<void> {
    const ref = this.functionFor(ctx, "PostAuthentication");
    if (ref) await this.run(ctx, "PostAuthentication", ref, events.postAuthenticationEvent(ctx), readEmpty);
  }

  async preTokenGeneration(
    ctx: TriggerContext & { source: TokenGenerationSource; user: UserRow; claims: TokenClaims; scopes: string[] },
  ): Promise<TokenClaims & { scopes: string[] }> {
    const ref = this.functionFor(ctx, "PreTokenGeneration");
    if (!ref) return noTriggers.preTokenGeneration(ctx);
    const version = preTokenGenerationVersion(ctx.pool.settings.LambdaConfig);
    const out = await this.run(ctx, "PreTokenGeneration", ref, events.preTokenGenerationEvent(ctx, version), (r) =>
      applyPreTokenGeneration(r, version, { ...ctx.claims, scopes: ctx.scopes }),
    );
    if (out.ignored.length)
      this.o.log.warn(
        { poolId: ctx.pool.id, claims: [...new Set(out.ignored)] },
        "PreTokenGeneration tried to change protected claims; ignored",
      );
    return { idClaims: out.idClaims, accessClaims: out.accessClaims, scopes: out.scopes };
  }

  async preTokenGenerationClientCredentials(
    ctx: TriggerContext & { client: Client; accessClaims: Record<string, unknown>; scopes: string[] },
  ): Promise<{ accessClaims: Record<string, unknown>; scopes: string[] }> {
    const ref = this.functionFor(ctx, "PreTokenGeneration");
    // V1_0 and V2_0 functions are for user tokens only; V3_0 adds machine-to-machine ones.
    if (!ref || preTokenGenerationVersion(ctx.pool.settings.LambdaConfig) !== "V3_0")
      return noTriggers.preTokenGenerationClientCredentials(ctx);
    const out = await this.run(ctx, "PreTokenGeneration", ref, events.clientCredentialsTokenEvent(ctx), (r) =>
      applyPreTokenGeneration(r, "V3_0", { idClaims: {}, accessClaims: ctx.accessClaims, scopes: ctx.scopes }),
    );
    if (out.ignored.length)
      this.o.log.warn(
        { poolId: ctx.pool.id, claims: [...new Set(out.ignored)] },
        "PreTokenGeneration tried to change protected claims; ignored",
      );
    return { accessClaims: out.accessClaims, scopes: out.scopes };
  }

  async customMessage(
    ctx: TriggerContext & {
      source: CustomMessageSource;
      user: UserRow;
      codeParameter: string;
      usernameParameter: string;
      /** An invitation to a user without a password: there is no code for the message to carry. */
      withoutCode?: boolean;
    },
  ): Promise<CustomMessage | undefined> {
    const ref = this.functionFor(ctx, "CustomMessage");
    if (!ref) return undefined;
    const custom = await this.run(ctx, "CustomMessage", ref, events.customMessageEvent(ctx), readCustomMessage);
    const placeholders = (m: string | undefined) =>
      m
        ?.split(events.CODE_PARAMETER)
        .join(ctx.codeParameter)
        .split(events.USERNAME_PARAMETER)
        .join(ctx.usernameParameter);
    // A message without the code would leave the user unable to confirm: Cognito then sends its
    // default message instead, and so do we (the invitation also needs the username). A text has no link form.
    const usable = (m: string, links: boolean) => {
      const hasCode =
        ctx.withoutCode ||
        m.includes(ctx.codeParameter) ||
        (links && LINK_SOURCES.has(ctx.source) && /\{##[\s\S]*?##\}/.test(m));
      return hasCode && (ctx.source !== "CustomMessage_AdminCreateUser" || m.includes(ctx.usernameParameter));
    };
    let message = placeholders(custom.message);
    let smsMessage = placeholders(custom.smsMessage);
    if (message !== undefined && !usable(message, true)) {
      this.o.log.warn(
        { poolId: ctx.pool.id, source: ctx.source },
        "CustomMessage emailMessage lacks the code (or username) placeholder; the pool's template is used",
      );
      message = undefined;
    }
    if (smsMessage !== undefined && !usable(smsMessage, false)) {
      this.o.log.warn(
        { poolId: ctx.pool.id, source: ctx.source },
        "CustomMessage smsMessage lacks the code (or username) placeholder; the pool's template is used",
      );
      smsMessage = undefined;
    }
    const out: CustomMessage = {
      ...(custom.subject !== undefined ? { subject: custom.subject } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(smsMessage !== undefined ? { smsMessage } : {}),
    };
    return Object.keys(out).length ? out : undefined;
  }

  async customSender(
    ctx: TriggerContext & { channel: SenderChannel; source: CustomMessageSource; user: UserRow; code: string },
  ): Promise<boolean> {
    const { name, type } = SENDERS[ctx.channel];
    const config = ctx.pool.settings.LambdaConfig;
    const ref = this.functionFor(ctx, name);
    if (!ref) return false;
    const keyId = config?.KMSKeyID;
    // The configuration check makes both impossible; a code is never handed over in plaintext, nor dropped.
    if (!keyId || !this.o.senderCodes)
      throw new Error(`${name} is configured but no KMS key or code encryptor is available`);
    let encryptedCode: string;
    try {
      encryptedCode = await this.o.senderCodes.encrypt(keyId, ctx.code);
    } catch (err) {
      // KMS refused or was unreachable: the code cannot reach the user, which is a delivery failure (the
      // operations that send codes list CodeDeliveryFailureException). The cause is logged, never the code.
      throw new CodeDeliveryFailureException(`${name} could not encrypt the code under LambdaConfig.KMSKeyID.`, {
        cause: err,
      });
    }
    const triggerSource = ctx.source.replace(/^CustomMessage_/, `${name}_`);
    const event = events.customSenderEvent({ ...ctx, triggerSource, type, encryptedCode });
    // Cognito reads nothing back from a sender: any answer that is not a failure is success.
    await this.run(ctx, name, ref, event, () => undefined);
    return true;
  }

  async userMigration(
    ctx: TriggerContext & {
      source: "UserMigration_Authentication" | "UserMigration_ForgotPassword";
      username: string;
      password?: string;
      validationData?: Attributes;
    },
  ): Promise<MigratedUser | undefined> {
    const ref = this.functionFor(ctx, "UserMigration");
    if (!ref) return undefined;
    return this.run(ctx, "UserMigration", ref, events.userMigrationEvent(ctx), (r) => readUserMigration(r, ctx.source));
  }

  async defineAuthChallenge(ctx: AuthChallengeContext): Promise<DefineAuthChallengeResult> {
    const ref = this.functionFor(ctx, "DefineAuthChallenge");
    if (!ref) return noTriggers.defineAuthChallenge(ctx);
    return this.run(ctx, "DefineAuthChallenge", ref, defineAuthChallengeEvent(ctx), readDefineAuthChallenge);
  }

  async createAuthChallenge(ctx: AuthChallengeContext & { challengeName: string }): Promise<CreatedAuthChallenge> {
    const ref = this.functionFor(ctx, "CreateAuthChallenge");
    if (!ref) return noTriggers.createAuthChallenge(ctx);
    return this.run(ctx, "CreateAuthChallenge", ref, createAuthChallengeEvent(ctx), readCreateAuthChallenge);
  }

  async verifyAuthChallengeResponse(
    ctx: Omit<AuthChallengeContext, "session"> & {
      privateChallengeParameters: Record<string, string>;
      challengeAnswer: string;
    },
  ): Promise<boolean> {
    const ref = this.functionFor(ctx, "VerifyAuthChallengeResponse");
    if (!ref) return noTriggers.verifyAuthChallengeResponse(ctx);
    return this.run(
      ctx,
      "VerifyAuthChallengeResponse",
      ref,
      verifyAuthChallengeResponseEvent(ctx),
      readVerifyAuthChallengeResponse,
    );
  }

  /**
   * Loads the pool's in-process functions in the background, as provisioned concurrency initialises an
   * execution environment before any request. Only what the module policy admits is loaded. A failure
   * is logged and not remembered: the first invocation loads again and reports Cognito's error.
   * Never rejects; callers need not wait.
   */
  async warm(pool: Pool): Promise<void> {
    const transport = this.moduleTransport;
    if (!transport.init) return;
    const loads: Promise<void>[] = [];
    for (const trigger of TRIGGER_NAMES) {
      const configured = configuredFunction(pool.settings.LambdaConfig, trigger);
      const ref = configured === undefined ? undefined : this.o.modules.parse(configured);
      if (ref?.kind !== "module") continue;
      const where = { poolId: pool.id, trigger };
      loads.push(
        transport.init(ref, where).catch((err: unknown) => {
          // What went wrong is logged where it happened (policy, import); here only that warm-up skipped it.
          this.o.log.warn(
            { ...where, failure: err instanceof Error ? err.name : typeof err },
            "trigger warm-up failed; the first invocation loads the function again",
          );
        }),
      );
    }
    await Promise.all(loads);
  }

  async close(): Promise<void> {
    await Promise.all([this.moduleTransport.close?.(), this.lambdaTransport.close?.()]);
  }

  private functionFor(ctx: TriggerContext, name: TriggerName): FunctionRef | undefined {
    const ref = configuredFunction(ctx.pool.settings.LambdaConfig, name);
    return ref === undefined ? undefined : this.o.modules.parse(ref);
  }

  /** Invokes, waits at most the timeout, reads the answer; every failure leaves as Cognito's error. */
  private async run<T>(
    ctx: TriggerContext,
    name: TriggerName,
    ref: FunctionRef,
    event: events.TriggerEvent,
    read: (returned: unknown) => T,
  ): Promise<T> {
    const transport = ref.kind === "module" ? this.moduleTransport : this.lambdaTransport;
    // Before the timer: the function's timeout is its own time, not the server loading its client.
    await transport.prepare?.();
    const where = { poolId: ctx.pool.id, trigger: name };
    let started = performance.now();
    let outcome: TriggerOutcome = "failed";
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.initPhase(transport, ref, where);
      // Lambda's Duration excludes its Init Duration: the metric measures the invocation (a failed Init, its load).
      started = performance.now();
      const abort = new AbortController();
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort();
          reject(new TimeoutError());
        }, this.timeoutMs);
      });
      const invocation = transport.invoke(ref, event, {
        signal: abort.signal,
        timeoutMs: this.timeoutMs,
        requestId: this.o.requestId?.() ?? randomUUID(),
        callerRequestId: currentRequest()?.requestId,
        region: ctx.pool.settings.Region,
        ...where,
      });
      // A function still running after the timeout may settle later; that outcome is nobody's business.
      invocation.catch(() => undefined);
      const answer = read(answerData(await Promise.race([invocation, timedOut])));
      outcome = "ok";
      return answer;
    } catch (err) {
      if (err instanceof TimeoutError) outcome = "timeout";
      throw this.toCognitoError(ctx, name, event.triggerSource, err);
    } finally {
      clearTimeout(timer);
      this.o.metrics?.trigger({
        triggerSource: event.triggerSource,
        outcome,
        seconds: (performance.now() - started) / 1000,
      });
    }
  }

  /**
   * Lambda's Init phase: loads the function (nothing to do when it is loaded already) before the
   * invocation's timer starts, for at most the init limit. A load still running then goes on inside
   * the invocation, which waits for it within the function's timeout, as Lambda's retried Init does.
   * A load that fails fails the invocation with the error the transport gives (Cognito's, as before).
   */
  private async initPhase(
    transport: Transport,
    ref: FunctionRef,
    where: { poolId: string; trigger: TriggerName },
  ): Promise<void> {
    if (!transport.init) return;
    const loading = transport.init(ref, where);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<"limit">((resolve) => {
      timer = setTimeout(() => resolve("limit"), this.initLimitMs);
    });
    try {
      if ((await Promise.race([loading, limit])) === "limit") {
        loading.catch(() => undefined);
        this.o.log.warn(
          { ...where, initLimitMs: this.initLimitMs },
          "trigger init ran past its limit; the rest counts against the invocation's timeout",
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private toCognitoError(ctx: TriggerContext, name: TriggerName, source: string, err: unknown): Error {
    const where = { poolId: ctx.pool.id, trigger: name, triggerSource: source };
    if (err instanceof TimeoutError) {
      this.o.log.warn({ ...where, timeoutMs: this.timeoutMs }, "trigger timed out");
      // Lambda's own wording for a function that ran out of time.
      return new UserLambdaValidationException(
        `${name} failed with error Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds.`,
      );
    }
    if (err instanceof FunctionError || err instanceof MalformedResponse) {
      this.o.log.warn({ ...where, failure: err.name, message: err.message }, "trigger failed");
      return new UserLambdaValidationException(`${name} failed with error ${err.message}.`);
    }
    if (err instanceof InvocationError) {
      this.o.log.warn({ ...where, code: err.code }, "trigger could not be invoked");
      return new UnexpectedLambdaException(`${name} invocation failed due to error ${err.code}.`);
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * A function's answer is outside input like a request body: depth-bounded and without prototype keys
 * before anything reads it (claims, attributes and flags are copied out of it key by key).
 */
function answerData(returned: unknown): unknown {
  try {
    return plainJson(returned, { dropNullMembers: false });
  } catch (e) {
    if (e instanceof JsonTooDeep) throw new MalformedResponse("Unrecognizable lambda output");
    throw e;
  }
}

class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** The runtime with its default transports, as the composition root builds it. */
export function createTriggerRuntime(o: TriggerRuntimeOptions): TriggerRuntime {
  return new TriggerRuntime(o);
}
