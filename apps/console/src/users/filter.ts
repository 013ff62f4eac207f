/**
 * Cognito's ListUsers Filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix), on the standard
 * attributes only (API reference, ListUsers "Filter"). Inside the quotes a `"` or `\` is escaped with a
 * backslash, as the userpool's parser reads it (apps/userpool/src/targets/listUsers.ts).
 */

export const FILTER_ATTRIBUTES = [
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

export const FILTER_OPERATORS = [
  { op: "^=", label: "starts with" },
  { op: "=", label: "is exactly" },
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number]["op"];

/** Cognito refuses a Filter longer than 256 characters. */
export const FILTER_MAX_LENGTH = 256;

export interface FilterSpec {
  attribute: FilterAttribute;
  operator: FilterOperator;
  value: string;
}

/** `"value"` with `\` and `"` escaped, backslash first so the escapes themselves are not doubled. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The Filter string, or "" (no filter: every user) when the value is empty. */
export function buildFilter(spec: FilterSpec): string {
  if (spec.value === "") return "";
  return `${spec.attribute} ${spec.operator} ${quoteFilterValue(spec.value)}`;
}

/** Values the closed-set attributes take, offered as suggestions. */
export const FILTER_SUGGESTIONS: Partial<Record<FilterAttribute, string[]>> = {
  "cognito:user_status": ["UNCONFIRMED", "CONFIRMED", "EXTERNAL_PROVIDER", "RESET_REQUIRED", "FORCE_CHANGE_PASSWORD"],
  status: ["Enabled", "Disabled"],
};
