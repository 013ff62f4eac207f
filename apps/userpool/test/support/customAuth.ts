/**
 * Pools and trigger functions for the CUSTOM_AUTH tests. The three challenge triggers (and the
 * sign-in ones) point at the recording trigger (support/triggers/recorder.mjs); each test writes the
 * functions' behaviour with `writeChallengeTriggers`. Pool 1 runs them in-process, pool 2 through the
 * Lambda Invoke API, pool 3 has no DefineAuthChallenge, pool 4 requires MFA, pool 5 remembers devices.
 */
import type { UserpoolFileConfig } from "../../src/config/fileSchema.js";
import type { LambdaConfig } from "../../src/triggers/lambdaConfig.js";
import { recorder } from "./triggerPools.js";
import { testConfig } from "./userpool.js";

export const CUSTOM_POOL_ID = "us-east-1_TestPool1";
/** Custom auth with and without SRP; hides unknown users. */
export const CUSTOM_CLIENT_ID = "testcustomclient0000000001";
/** Custom auth only (the legacy CUSTOM_AUTH_FLOW_ONLY), user-existence errors shown. */
export const CUSTOM_ONLY_CLIENT_ID = "testcustomonlyclient000001";
export const LAMBDA_POOL_ID = "us-east-1_TestPool2";
export const LAMBDA_CLIENT_ID = "testcustomlambdaclient0001";
export const NO_DEFINE_POOL_ID = "us-east-1_TestPool3";
export const NO_DEFINE_CLIENT_ID = "testcustomnodefine00000001";
/** MFA required (authenticator app), with the challenge triggers in-process. */
export const MFA_POOL_ID = "us-east-1_TestPool4";
export const MFA_CLIENT_ID = "testcustommfaclient0000001";

/** Remembers devices on the user's prompt, with a challenge on a new device; challenge triggers in-process. */
export const DEVICE_POOL_ID = "us-east-1_TestPool5";
/** Custom auth, SRP and refresh; hides unknown users. */
export const DEVICE_CLIENT_ID = "testcustomdeviceclient0001";

const FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;

function challengeTriggers(ref: string): LambdaConfig {
  return {
    DefineAuthChallenge: ref,
    CreateAuthChallenge: ref,
    VerifyAuthChallengeResponse: ref,
    PreAuthentication: ref,
    PostAuthentication: ref,
    PreTokenGeneration: ref,
  };
}

/** The test pool with the challenge triggers at `module`, a second at `arn`, a third without them. */
export function customAuthConfig(module: string, arn: string): UserpoolFileConfig {
  const base = testConfig().UserPools[0]!;
  const pool = (id: string, name: string, lambda: LambdaConfig, clients: NonNullable<typeof base.Clients>) => ({
    ...base,
    Id: id,
    PoolName: name,
    LambdaConfig: lambda,
    Clients: clients,
  });
  return {
    UserPools: [
      pool(CUSTOM_POOL_ID, "custom-auth", challengeTriggers(module), [
        ...(base.Clients ?? []),
        {
          ClientId: CUSTOM_CLIENT_ID,
          ClientName: "custom",
          ExplicitAuthFlows: [...FLOWS],
          PreventUserExistenceErrors: "ENABLED",
        },
        {
          ClientId: CUSTOM_ONLY_CLIENT_ID,
          ClientName: "custom-only",
          ExplicitAuthFlows: ["CUSTOM_AUTH_FLOW_ONLY"],
          PreventUserExistenceErrors: "LEGACY",
        },
      ]),
      pool(LAMBDA_POOL_ID, "custom-auth-lambda", challengeTriggers(arn), [
        { ClientId: LAMBDA_CLIENT_ID, ClientName: "custom", ExplicitAuthFlows: [...FLOWS] },
      ]),
      pool(NO_DEFINE_POOL_ID, "no-define", {}, [
        { ClientId: NO_DEFINE_CLIENT_ID, ClientName: "custom", ExplicitAuthFlows: [...FLOWS] },
      ]),
      {
        ...pool(MFA_POOL_ID, "custom-auth-mfa", challengeTriggers(module), [
          { ClientId: MFA_CLIENT_ID, ClientName: "custom", ExplicitAuthFlows: [...FLOWS] },
        ]),
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      },
      {
        ...pool(DEVICE_POOL_ID, "custom-auth-devices", challengeTriggers(module), [
          {
            ClientId: DEVICE_CLIENT_ID,
            ClientName: "custom-devices",
            ExplicitAuthFlows: [...FLOWS],
            PreventUserExistenceErrors: "ENABLED",
          },
        ]),
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      },
    ],
  };
}

/** An event as the recorder hands it to a behaviour (only what these functions read). */
export interface ChallengeEvent {
  triggerSource: string;
  request: {
    session?: { challengeName: string; challengeResult: boolean; challengeMetadata: string | null }[];
    privateChallengeParameters?: Record<string, string>;
    challengeAnswer?: string;
    userAttributes: Record<string, string>;
    userNotFound?: boolean;
  };
  response: Record<string, unknown>;
}

type Answer<T> = (e: ChallengeEvent) => T | Promise<T>;

/**
 * The three functions as a test writes them: `define` returns the response members, `create` the
 * challenge (public, private, metadata), `verify` whether the answer is right.
 */
export function writeChallengeTriggers(fns: {
  define: Answer<{ challengeName?: string; issueTokens?: boolean; failAuthentication?: boolean }>;
  create?: Answer<{
    publicChallengeParameters?: Record<string, string>;
    privateChallengeParameters?: Record<string, string>;
    challengeMetadata?: string;
  }>;
  verify?: Answer<boolean>;
}): void {
  const b = recorder().behaviour;
  b.DefineAuthChallenge_Authentication = async (e: ChallengeEvent) => ({
    ...e,
    response: { ...e.response, ...(await fns.define(e)) },
  });
  if (fns.create)
    b.CreateAuthChallenge_Authentication = async (e: ChallengeEvent) => ({
      ...e,
      response: { ...e.response, ...(await fns.create!(e)) },
    });
  if (fns.verify)
    b.VerifyAuthChallengeResponse_Authentication = async (e: ChallengeEvent) => ({
      ...e,
      response: { ...e.response, answerCorrect: await fns.verify!(e) },
    });
}

/**
 * The usual Define: after SRP_A ask for the password, after a right custom answer issue tokens, fail
 * after `maxTries` wrong answers, otherwise ask (again).
 */
export function defineQuestionRounds(maxTries = 3) {
  return (e: ChallengeEvent) => {
    const session = e.request.session ?? [];
    const last = session.at(-1);
    if (last?.challengeName === "SRP_A") return { challengeName: "PASSWORD_VERIFIER" };
    if (last?.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult) return { issueTokens: true };
    if (session.filter((s) => s.challengeName === "CUSTOM_CHALLENGE").length >= maxTries)
      return { failAuthentication: true };
    return { challengeName: "CUSTOM_CHALLENGE" };
  };
}

/** One security question, answered "42"; the answer is only in privateChallengeParameters. */
export function oneQuestion(maxTries = 3): void {
  writeChallengeTriggers({
    define: defineQuestionRounds(maxTries),
    create: () => ({
      publicChallengeParameters: { question: "What is six times seven?" },
      privateChallengeParameters: { answer: "42" },
      challengeMetadata: "QUESTION-SIX-SEVEN",
    }),
    verify: (e) => e.request.challengeAnswer === e.request.privateChallengeParameters?.answer,
  });
}
