/**
 * User attribute rules: which names a pool accepts, value formats, and which attributes act as
 * sign-in aliases. Values are kept as strings, as Cognito's AttributeType does.
 */
import type { AttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { AliasRow, AliasType } from "../store/index.js";
import { STANDARD_ATTRIBUTES } from "./poolSettings.js";
import { customAttributeNames, schemaAttributeName, type Client, type Pool } from "./pools.js";

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
  /** `update`: the user exists, so attributes the Schema makes immutable cannot be written. */
  opts: { writer?: Client; allowVerifiedFlags: boolean; update?: boolean },
): Attributes {
  const out: Attributes = {};
  const custom = customAttributeNames(pool.settings);
  const declared = declaredAttributes(pool);
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
    const d = declared.get(name);
    if (d) checkDeclared(name, value, d, opts.update ?? false);
    out[name] = value;
  }
  return out;
}

type SchemaAttribute = NonNullable<Pool["settings"]["Schema"]>[number];

/** The pool's Schema entries by attribute name as callers write it ("custom:" on custom attributes). */
function declaredAttributes(pool: Pool): Map<string, SchemaAttribute> {
  return new Map((pool.settings.Schema ?? []).map((a) => [schemaAttributeName(a.Name), a]));
}

/**
 * The Schema's own rules for a value: Mutable false (set when the user is created, never after), the data type of a
 * custom attribute, and its length or range constraints (API reference, SchemaAttributeType). The length message is
 * Cognito's ("String must be no longer than 2048 characters"); the others follow its form.
 */
function checkDeclared(name: string, value: string, d: SchemaAttribute, update: boolean): void {
  const fail = (why: string) => {
    throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: ${why}`);
  };
  if (update && d.Mutable === false)
    throw new InvalidParameterException(`Cannot modify an immutable attribute: ${name}`);
  if (value === "") return;
  const type = d.AttributeDataType ?? "String";
  if (type === "Boolean" && value !== "true" && value !== "false") fail('Boolean must be "true" or "false"');
  if (type === "Number") {
    if (!/^-?\d+$/.test(value)) fail("Number must be an integer");
    const { MinValue, MaxValue } = d.NumberAttributeConstraints ?? {};
    if (MinValue !== undefined && Number(value) < Number(MinValue)) fail(`Number must be no less than ${MinValue}`);
    if (MaxValue !== undefined && Number(value) > Number(MaxValue)) fail(`Number must be no greater than ${MaxValue}`);
  }
  if (type === "String") {
    const { MinLength, MaxLength } = d.StringAttributeConstraints ?? {};
    const length = [...value].length;
    if (MinLength !== undefined && length < Number(MinLength))
      fail(`String must be no shorter than ${MinLength} characters`);
    if (MaxLength !== undefined && length > Number(MaxLength))
      fail(`String must be no longer than ${MaxLength} characters`);
  }
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
