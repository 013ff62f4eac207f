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
  | "VerifyAuthChallengeResponse"
  | SenderName;
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
  "CustomEmailSender",
  "CustomSMSSender",
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

/** Members holding `{ LambdaArn, LambdaVersion }`: their LambdaArn is a function reference like the rest. */
export const NESTED_FUNCTION_MEMBERS = ["PreTokenGenerationConfig", "CustomEmailSender", "CustomSMSSender"] as const;

/** The custom sender triggers: they replace the server's own e-mail / text delivery of codes. */
export type SenderName = "CustomEmailSender" | "CustomSMSSender";

// A key ARN, not an alias: the AWS Encryption SDK's KMS keyring in the sender function decrypts only under the
// key ARNs it is given, and the encrypted data key names the key ARN.
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export type PreTokenGenerationVersion = "V1_0" | "V2_0" | "V3_0";

/**
 * Validates the references and keeps `PreTokenGeneration` and `PreTokenGenerationConfig.LambdaArn`
 * equal, as Cognito does: either may be given, both must then name the same function, and the
 * version defaults to V1_0 (API reference, LambdaConfigType.PreTokenGenerationConfig).
 */
export function normalizeLambdaConfig(input: LambdaConfig): LambdaConfig {
  for (const member of FUNCTION_MEMBERS) checkReference(`LambdaConfig.${member}`, input[member]);
  checkSenders(input);
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
  if (name === "CustomEmailSender" || name === "CustomSMSSender") return config[name]?.LambdaArn;
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
      for (const member of ["CustomEmailSender", "CustomSMSSender"] as const) {
        const sender = lc[member];
        if (sender) out[member] = { ...sender, LambdaArn: absoluteReference(sender.LambdaArn, baseDir) };
      }
      return { ...pool, LambdaConfig: out };
    }),
  };
}

/**
 * A custom sender needs the KMS key its codes are encrypted under (developer guide, "Custom sender Lambda
 * triggers": Cognito encrypts codes and temporary passwords with the pool's KMSKeyID); without one it would
 * either send plaintext or nothing, so the configuration is refused instead.
 */
function checkSenders(input: LambdaConfig): void {
  for (const member of ["CustomEmailSender", "CustomSMSSender"] as const)
    checkReference(`LambdaConfig.${member}.LambdaArn`, input[member]?.LambdaArn);
  if ((input.CustomEmailSender || input.CustomSMSSender) && !input.KMSKeyID)
    throw new InvalidParameterException(
      "LambdaConfig.KMSKeyID is required when LambdaConfig.CustomEmailSender or LambdaConfig.CustomSMSSender is set.",
    );
  if (input.KMSKeyID !== undefined && !KMS_KEY_ARN.test(input.KMSKeyID))
    throw new InvalidParameterException(
      "LambdaConfig.KMSKeyID must be the ARN of a symmetric KMS key (arn:aws:kms:<region>:<account>:key/<key-id>).",
    );
}

function checkReference(member: string, ref: string | undefined): void {
  if (ref === undefined) return;
  const problem = referenceProblem(ref);
  if (problem) throw new InvalidParameterException(`${member} ${problem}.`);
}
