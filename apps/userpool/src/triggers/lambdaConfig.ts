/**
 * LambdaConfig as stored: Cognito's member names, references checked, and the two ways of naming the
 * PreTokenGeneration function kept in step.
 */
import type { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import type { LambdaConfigInput } from "../protocol/poolShapes.js";
import { absoluteReference, referenceProblem } from "./reference.js";

export type LambdaConfig = z.infer<typeof LambdaConfigInput>;

/** The triggers this server invokes; the name is both the LambdaConfig member and Cognito's name in error messages. */
export type TriggerName =
  | "PreSignUp"
  | "PostConfirmation"
  | "PreAuthentication"
  | "PostAuthentication"
  | "PreTokenGeneration"
  | "CustomMessage"
  | "UserMigration"
  | "DefineAuthChallenge"
  | "CreateAuthChallenge"
  | "VerifyAuthChallengeResponse";
export const TRIGGER_NAMES: readonly TriggerName[] = [
  "PreSignUp",
  "PostConfirmation",
  "PreAuthentication",
  "PostAuthentication",
  "PreTokenGeneration",
  "CustomMessage",
  "UserMigration",
  "DefineAuthChallenge",
  "CreateAuthChallenge",
  "VerifyAuthChallengeResponse",
];

/** The members holding a function reference (besides PreTokenGenerationConfig.LambdaArn). */
export const FUNCTION_MEMBERS = [
  "PreSignUp",
  "CustomMessage",
  "PostConfirmation",
  "PreAuthentication",
  "PostAuthentication",
  "DefineAuthChallenge",
  "CreateAuthChallenge",
  "VerifyAuthChallengeResponse",
  "PreTokenGeneration",
  "UserMigration",
] as const;

export type PreTokenGenerationVersion = "V1_0" | "V2_0" | "V3_0";

/**
 * Validates the references and keeps `PreTokenGeneration` and `PreTokenGenerationConfig.LambdaArn`
 * equal, as Cognito does: either may be given, both must then name the same function, and the
 * version defaults to V1_0 (API reference, LambdaConfigType.PreTokenGenerationConfig).
 */
export function normalizeLambdaConfig(input: LambdaConfig): LambdaConfig {
  for (const member of FUNCTION_MEMBERS) checkReference(`LambdaConfig.${member}`, input[member]);
  const { PreTokenGeneration, PreTokenGenerationConfig, ...rest } = input;
  checkReference("LambdaConfig.PreTokenGenerationConfig.LambdaArn", PreTokenGenerationConfig?.LambdaArn);
  if (PreTokenGeneration && PreTokenGenerationConfig && PreTokenGeneration !== PreTokenGenerationConfig.LambdaArn) {
    throw new InvalidParameterException(
      "LambdaConfig.PreTokenGeneration and LambdaConfig.PreTokenGenerationConfig.LambdaArn must be the same function.",
    );
  }
  const arn = PreTokenGenerationConfig?.LambdaArn ?? PreTokenGeneration;
  if (!arn) return rest;
  return {
    ...rest,
    PreTokenGeneration: arn,
    PreTokenGenerationConfig: { LambdaArn: arn, LambdaVersion: PreTokenGenerationConfig?.LambdaVersion ?? "V1_0" },
  };
}

/** The function configured for a trigger, and for PreTokenGeneration the event version. */
export function configuredFunction(config: LambdaConfig | undefined, name: TriggerName): string | undefined {
  if (!config) return undefined;
  if (name === "PreTokenGeneration") return config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration;
  return config[name];
}

export function preTokenGenerationVersion(config: LambdaConfig | undefined): PreTokenGenerationVersion {
  return config?.PreTokenGenerationConfig?.LambdaVersion ?? "V1_0";
}

/** Makes the relative module paths of a config file's LambdaConfig absolute against the file's directory. */
export function resolveFileConfigReferences<T extends { UserPools: { LambdaConfig?: LambdaConfig | undefined }[] }>(
  cfg: T,
  baseDir: string,
): T {
  return {
    ...cfg,
    UserPools: cfg.UserPools.map((pool) => {
      const lc = pool.LambdaConfig;
      if (!lc) return pool;
      const out: LambdaConfig = { ...lc };
      for (const member of FUNCTION_MEMBERS) if (lc[member]) out[member] = absoluteReference(lc[member], baseDir);
      if (lc.PreTokenGenerationConfig)
        out.PreTokenGenerationConfig = {
          ...lc.PreTokenGenerationConfig,
          LambdaArn: absoluteReference(lc.PreTokenGenerationConfig.LambdaArn, baseDir),
        };
      return { ...pool, LambdaConfig: out };
    }),
  };
}

function checkReference(member: string, ref: string | undefined): void {
  if (ref === undefined) return;
  const problem = referenceProblem(ref);
  if (problem) throw new InvalidParameterException(`${member} ${problem}.`);
}
