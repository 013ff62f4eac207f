/**
 * The user import CSV as Cognito defines it (developer guide, "Creating the user import CSV file",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-csv-header.html):
 * the header from GetCSVHeader in any column order, values unquoted, a comma inside a value escaped
 * with a backslash, white space around a value trimmed, at most 16 000 characters a line.
 */
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { aliasesFor, checkRequired, parseAttributes, type Attributes } from "./attributes.js";
import { mfaFactors } from "./poolSettings.js";
import { customAttributeNames, type Pool } from "./pools.js";
import type { UserService } from "./users.js";
import type { ImportedUser } from "../store/index.js";

export const MAX_LINE_CHARS = 16_000;

/** The standard attributes of the header, in the order of Cognito's own (the developer guide's sample). */
const STANDARD_COLUMNS = [
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "email",
  "email_verified",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "phone_number",
  "phone_number_verified",
  "address",
  "updated_at",
];

/** GetCSVHeader: standard attributes, the pool's custom attributes, then cognito:mfa_enabled and cognito:username. */
export function csvHeader(pool: Pool): string[] {
  return [...STANDARD_COLUMNS, ...customAttributeNames(pool.settings), "cognito:mfa_enabled", "cognito:username"];
}

/** Splits one line on commas; `\,` is a comma inside a value. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes("\\")) return line.split(",");
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && line[i + 1] === ",") {
      cur += ",";
      i++;
    } else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The header line checked against the pool's: every column known, the required ones present. */
export interface CsvColumns {
  names: string[];
  usernameAt: number;
  mfaAt: number;
}

export function parseHeader(pool: Pool, line: string): CsvColumns {
  const names = splitCsvLine(line.replace(/^\uFEFF/u, "")).map((n) => n.trim());
  const known = new Set(csvHeader(pool));
  const seen = new Set<string>();
  for (const n of names) {
    if (!known.has(n)) throw new Error(`The header has a column the user pool does not have: ${n || "(empty)"}.`);
    if (seen.has(n)) throw new Error(`The header names the column ${n} twice.`);
    seen.add(n);
  }
  const need = ["cognito:username", "cognito:mfa_enabled"];
  for (const a of pool.settings.AutoVerifiedAttributes ?? []) need.push(a, `${a}_verified`);
  for (const a of pool.settings.Schema ?? []) if (a.Required && known.has(a.Name)) need.push(a.Name);
  for (const n of need) if (!seen.has(n)) throw new Error(`The header lacks the required column ${n}.`);
  return { names, usernameAt: names.indexOf("cognito:username"), mfaAt: names.indexOf("cognito:mfa_enabled") };
}

/** Cognito's wording in the job's log (seen in CloudWatch Logs). */
export const NO_VERIFIED_ATTRIBUTE =
  "The User Record does not set any of the auto verified attributes to verified. " +
  "(Example: email_verified to true).";

const BIRTHDATE = /^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}$/u;

/**
 * One data line as a new user in RESET_REQUIRED without a password, or the reason it is refused
 * (the message the job log shows). `sub` is the new user's ID, drawn by the caller.
 */
export function userFromLine(
  pool: Pool,
  users: UserService,
  cols: CsvColumns,
  line: string,
  sub: string,
  now: number,
): { ok: true; item: ImportedUser; username: string } | { ok: false; username: string; message: string } {
  const values = line.length > MAX_LINE_CHARS ? [] : splitCsvLine(line).map((v) => v.trim());
  const typed = values[cols.usernameAt] ?? "";
  const fail = (message: string) => ({ ok: false as const, username: typed, message });
  if (line.length > MAX_LINE_CHARS) return fail(`The line is longer than ${MAX_LINE_CHARS} characters.`);
  if (values.length !== cols.names.length)
    return fail(`The line has ${values.length} values for the header's ${cols.names.length} columns.`);
  if (!typed) return fail("cognito:username is required.");
  if (/\s/u.test(typed) || [...typed].length > 128)
    return fail("cognito:username must be 1 to 128 characters without spaces or tabs.");
  const mfa = values[cols.mfaAt];
  if (mfa !== "true" && mfa !== "false") return fail('cognito:mfa_enabled must be "true" or "false".');
  const mfaMode = pool.settings.MfaConfiguration ?? "OFF";
  if (mfaMode === "ON" && mfa !== "true")
    return fail("cognito:mfa_enabled must be true: MFA is required in this pool.");
  if (mfaMode === "OFF" && mfa !== "false") return fail("cognito:mfa_enabled must be false: MFA is off in this pool.");
  const list: { Name: string; Value: string }[] = [];
  for (let i = 0; i < values.length; i++) {
    const name = cols.names[i]!;
    const value = values[i]!;
    if (i === cols.usernameAt || i === cols.mfaAt || value === "") continue;
    list.push({ Name: name, Value: value });
  }
  let attributes: Attributes;
  let username: string;
  try {
    attributes = parseAttributes(pool, list, { allowVerifiedFlags: true });
    const named = users.nameForNewUser(pool, typed, sub);
    for (const [k, v] of Object.entries(named.impliedAttributes)) {
      if (attributes[k] !== undefined && attributes[k] !== v)
        return fail(`cognito:username must equal the ${k} column in this pool, whose ${k} is the username.`);
      attributes[k] = v;
    }
    username = named.username;
    checkRequired(pool, attributes);
  } catch (e) {
    if (e instanceof InvalidParameterException || (e as Error).name === "NotAuthorizedException")
      return fail((e as Error).message);
    throw e;
  }
  if (attributes.birthdate !== undefined && !BIRTHDATE.test(attributes.birthdate))
    return fail("birthdate must be in the format mm/dd/yyyy.");
  if (attributes.updated_at !== undefined && !/^\d{1,12}$/u.test(attributes.updated_at))
    return fail("updated_at must be a time in seconds since the epoch.");
  for (const a of ["email", "phone_number"] as const) {
    if (attributes[`${a}_verified`] === "true" && !attributes[a])
      return fail(`${a}_verified is true but ${a} is empty.`);
  }
  // Developer guide: at least one auto-verified attribute verified, every one if the pool has only one.
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  if (!auto.some((a) => attributes[`${a}_verified`] === "true")) return fail(NO_VERIFIED_ATTRIBUTE);
  if (mfa === "true" && !mfaFactors(pool.settings).Sms)
    return fail("cognito:mfa_enabled is true but SMS MFA is not enabled in this pool.");
  if (mfa === "true" && !attributes.phone_number)
    return fail("cognito:mfa_enabled is true but phone_number is empty: SMS MFA needs a phone number.");
  attributes = { sub, ...attributes };
  return {
    ok: true,
    username: typed,
    item: {
      user: {
        id: sub,
        poolId: pool.id,
        username,
        usernameKey: users.usernameKey(pool, username),
        status: "RESET_REQUIRED",
        enabled: true,
        attributes,
        srpSalt: null,
        verifierEnc: null,
        passwordSetAt: null,
        createdAt: now,
        updatedAt: now,
      },
      aliases: aliasesFor(pool, sub, attributes),
      smsMfa: mfa === "true",
    },
  };
}
