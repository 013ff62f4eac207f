/**
 * User attribute rules: which names a pool accepts, value formats, and which attributes act as
 * sign-in aliases. Values are kept as strings, as Cognito's AttributeType does.
 */
import type { AttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { AliasRow, AliasType } from "../store/index.js";
import { STANDARD_ATTRIBUTES } from "./poolSettings.js";
import { customAttributeNames, type Client, type Pool } from "./pools.js";

export type Attributes = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+$/u;
const PHONE = /^\+[0-9]{4,15}$/;
const BOOLEAN_ATTRIBUTES = new Set(["email_verified", "phone_number_verified"]);
/** Attributes only the service itself sets. */
const READ_ONLY = new Set(["sub", "identities"]);

export const isEmail = (s: string) => EMAIL.test(s) && s.length <= 320;
export const isPhone = (s: string) => PHONE.test(s);

/** Lower-cases e-mail addresses for alias lookups; other aliases are compared as given. */
export function aliasKey(type: AliasType, value: string): string {
  return type === "email" ? value.toLowerCase() : value;
}

/**
 * Validates attribute input (SignUp, AdminCreateUser, AdminUpdateUserAttributes) and returns the
 * map. `writer` is the app client, whose WriteAttributes limit what a public caller may set.
 */
export function parseAttributes(
  pool: Pool,
  list: readonly AttributeType[] | undefined,
  opts: { writer?: Client; allowVerifiedFlags: boolean },
): Attributes {
  const out: Attributes = {};
  const custom = customAttributeNames(pool.settings);
  const writable = opts.writer?.settings.WriteAttributes;
  for (const a of list ?? []) {
    const name = a.Name!;
    const value = a.Value ?? "";
    if (!STANDARD_ATTRIBUTES.has(name) && !custom.has(name)) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
      );
    }
    if (READ_ONLY.has(name)) throw new InvalidParameterException(`Cannot modify an immutable attribute: ${name}`);
    if (BOOLEAN_ATTRIBUTES.has(name)) {
      if (!opts.allowVerifiedFlags)
        throw new NotAuthorizedException(`A client attempted to write unauthorized attribute`);
      if (value !== "true" && value !== "false")
        throw new InvalidParameterException(
          `Attributes did not conform to the schema: ${name} must be "true" or "false"`,
        );
    }
    if (writable?.length && !writable.includes(name))
      throw new NotAuthorizedException("A client attempted to write unauthorized attribute");
    if (name === "email" && value !== "" && !isEmail(value))
      throw new InvalidParameterException("Invalid email address format.");
    if (name === "phone_number" && value !== "" && !isPhone(value))
      throw new InvalidParameterException("Invalid phone number format.");
    out[name] = value;
  }
  return out;
}

/** Throws when a required attribute (pool Schema with Required: true) is missing. */
export function checkRequired(pool: Pool, attributes: Attributes): void {
  for (const a of pool.settings.Schema ?? []) {
    if (a.Required && STANDARD_ATTRIBUTES.has(a.Name) && !attributes[a.Name]) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${a.Name}: The attribute ${a.Name} is required`,
      );
    }
  }
}

/**
 * The aliases a user holds. With UsernameAttributes the e-mail / phone number *is* the sign-in
 * name, so it is unique whether verified or not; with AliasAttributes an e-mail or phone number
 * only becomes an alias once verified (Cognito developer guide, "User pool attributes").
 */
export function aliasesFor(pool: Pool, userId: string, attributes: Attributes): AliasRow[] {
  const s = pool.settings;
  const out: AliasRow[] = [];
  const add = (type: AliasType) => {
    const v = attributes[type];
    if (v) out.push({ poolId: pool.id, type, key: aliasKey(type, v), userId });
  };
  for (const t of s.UsernameAttributes ?? []) add(t);
  for (const t of s.AliasAttributes ?? []) {
    if (t === "preferred_username") add(t);
    else if (attributes[`${t}_verified`] === "true") add(t);
  }
  return out;
}

/**
 * AttributeType list for the wire, sub first. `only` limits it (a client's ReadAttributes, where
 * sub is always readable, or ListUsers' AttributesToGet, where it is not).
 */
export function toAttributeList(
  attributes: Attributes,
  only?: readonly string[],
  opts: { alwaysSub?: boolean } = {},
): AttributeType[] {
  const alwaysSub = opts.alwaysSub ?? true;
  const names = Object.keys(attributes).sort((a, b) => (a === "sub" ? -1 : b === "sub" ? 1 : 0));
  return names
    .filter((n) => !only?.length || (alwaysSub && n === "sub") || only.includes(n))
    .map((n) => ({ Name: n, Value: attributes[n]! }));
}
