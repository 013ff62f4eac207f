import { readFileSync } from "node:fs";

/**
 * The recorded Cognito events in ../fixtures, and a comparison that tells whether another event
 * (the userpool's) has the same keys and value types. Exported as `@authhub/triggers/fixtures`.
 */
export const FIXTURES = [
  "pre-token-generation-v1-authentication",
  "pre-token-generation-v1-refresh-tokens",
  "pre-token-generation-v2-authentication",
  "pre-token-generation-v2-refresh-tokens",
  "pre-token-generation-v3-client-credentials",
  "pre-sign-up-sign-up",
  "post-confirmation-confirm-sign-up",
  "pre-authentication-authentication",
  "post-authentication-authentication",
  "custom-message-sign-up",
  "user-migration-authentication",
  "define-auth-challenge-authentication",
  "create-auth-challenge-authentication",
  "verify-auth-challenge-response-authentication",
  "custom-email-sender-sign-up",
  "custom-sms-sender-sign-up",
] as const;

export type FixtureName = (typeof FIXTURES)[number];

export function loadFixture<T = Record<string, unknown>>(name: FixtureName): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8")) as T;
}

/**
 * Where a real event legitimately differs from the recording (see fixtures/README.md):
 * - string maps whose keys depend on the user or the caller;
 * - values that are null in the recording but may hold a value;
 * - keys present only when the caller passed them;
 * - arrays of strings that are empty in the recording.
 */
const STRING_MAPS = new Set([
  "request.userAttributes",
  "request.clientMetadata",
  "request.validationData",
  "request.privateChallengeParameters",
]);
const NULLABLE = new Set([
  "request.validationData",
  "request.groupConfiguration.preferredRole",
  "request.usernameParameter",
]);
// userNotFound: only when the app client has PreventUserExistenceErrors ENABLED.
const OPTIONAL = new Set(["request.clientMetadata", "request.userNotFound"]);
const STRING_ARRAYS = new Set([
  "request.groupConfiguration.groupsToOverride",
  "request.groupConfiguration.iamRolesToOverride",
  "request.scopes",
]);

/** Lists every key or type difference between `actual` and the recorded `expected` event; [] means same shape. */
export function compareEventShape(actual: unknown, expected: unknown, path = ""): string[] {
  const at = path || "(event)";
  if (path === "request.session") return compareSession(actual);
  if (STRING_MAPS.has(path)) {
    if (actual === null && NULLABLE.has(path)) return [];
    if (!isRecord(actual)) return [`${at}: expected a string map, got ${typeName(actual)}`];
    return Object.entries(actual)
      .filter(([, v]) => typeof v !== "string")
      .map(([k, v]) => `${at}.${k}: expected string, got ${typeName(v)}`);
  }
  if (STRING_ARRAYS.has(path)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array of strings, got ${typeName(actual)}`];
    return actual.flatMap((v, i) =>
      typeof v === "string" ? [] : [`${at}[${i}]: expected string, got ${typeName(v)}`],
    );
  }
  if (expected === null && NULLABLE.has(path))
    return actual === null || typeof actual === "string"
      ? []
      : [`${at}: expected string or null, got ${typeName(actual)}`];
  if (isRecord(expected)) {
    if (!isRecord(actual)) return [`${at}: expected an object, got ${typeName(actual)}`];
    const problems: string[] = [];
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in actual)) {
        if (!OPTIONAL.has(child)) problems.push(`${child}: missing`);
      } else if (!(key in expected)) {
        if (!OPTIONAL.has(child)) problems.push(`${child}: not in the recorded event`);
        else problems.push(...compareEventShape(actual[key], {}, child));
      } else {
        problems.push(...compareEventShape(actual[key], expected[key], child));
      }
    }
    return problems;
  }
  return typeName(actual) === typeName(expected)
    ? []
    : [`${at}: expected ${typeName(expected)}, got ${typeName(actual)}`];
}

/** The custom-auth `session`: a list of `{ challengeName, challengeResult, challengeMetadata }`. */
function compareSession(actual: unknown): string[] {
  if (!Array.isArray(actual)) return [`request.session: expected an array, got ${typeName(actual)}`];
  const types: Record<string, string[]> = {
    challengeName: ["string"],
    challengeResult: ["boolean"],
    challengeMetadata: ["string", "null"],
  };
  return actual.flatMap((entry, i) => {
    const at = `request.session[${i}]`;
    if (!isRecord(entry)) return [`${at}: expected an object, got ${typeName(entry)}`];
    const problems: string[] = [];
    for (const [key, allowed] of Object.entries(types)) {
      if (!(key in entry)) problems.push(`${at}.${key}: missing`);
      else if (!allowed.includes(typeName(entry[key])))
        problems.push(`${at}.${key}: expected ${allowed.join(" or ")}, got ${typeName(entry[key])}`);
    }
    for (const key of Object.keys(entry)) if (!(key in types)) problems.push(`${at}.${key}: not in the recorded event`);
    return problems;
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
