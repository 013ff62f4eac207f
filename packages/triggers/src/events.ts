import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from "aws-lambda";

/**
 * The PreTokenGeneration events this function accepts, typed from @types/aws-lambda.
 * Cognito actually sends the response details as `null` (not `{}`), so the code reads them as
 * nullable even though the wire types say otherwise.
 */
export type PreTokenGenerationV1Event = PreTokenGenerationTriggerEvent;
export type PreTokenGenerationV2Event = PreTokenGenerationV2TriggerEvent;
export type PreTokenGenerationEvent = PreTokenGenerationV1Event | PreTokenGenerationV2Event;

export type EventShape = "v1" | "v2";

/**
 * Which response shape Cognito expects back.
 *
 * The event's `version` is "1" for LambdaVersion V1_0 and "2"/"3" for V2_0/V3_0 (V3_0 only adds
 * client-credentials events; its shape is V2's). We also accept the LambdaVersion spelling. When the
 * version is unknown, the key Cognito pre-filled in `response` decides; with neither we refuse,
 * because answering in the wrong shape would make Cognito silently drop the claim.
 */
export function eventShape(event: { version?: unknown; response?: unknown }): EventShape | undefined {
  switch (event.version) {
    case "1":
    case "V1_0":
      return "v1";
    case "2":
    case "3":
    case "V2_0":
    case "V3_0":
      return "v2";
  }
  const response = event.response;
  if (response && typeof response === "object") {
    if ("claimsAndScopeOverrideDetails" in response) return "v2";
    if ("claimsOverrideDetails" in response) return "v1";
  }
  return undefined;
}

/** Token generation for a signed-in user: every TokenGeneration_* source except the M2M one. */
export function isUserTokenGeneration(triggerSource: unknown): boolean {
  return (
    typeof triggerSource === "string" &&
    triggerSource.startsWith("TokenGeneration_") &&
    triggerSource !== "TokenGeneration_ClientCredentials"
  );
}
