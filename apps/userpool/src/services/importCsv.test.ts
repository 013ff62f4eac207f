import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { cryptoRandom } from "../random.js";
import type { Store } from "../store/index.js";
import type { PoolSettingsInput } from "../protocol/poolShapes.js";
import { parseHeader, splitCsvLine, userFromLine } from "./importCsv.js";
import { normalizePoolSettings } from "./poolSettings.js";
import type { Pool } from "./pools.js";
import { UserService } from "./users.js";

const pool = (s: PoolSettingsInput): Pool => ({
  id: "us-east-1_Import001",
  name: "p",
  settings: normalizePoolSettings(s, "us-east-1"),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
// Naming rules only: the store is never reached.
const users = new UserService({ store: {} as Store, clock: new ManualClock(0), random: cryptoRandom });
const SUB = "0b9f3c1e-7d2a-4c55-9f1e-1a2b3c4d5e6f";

describe("the import CSV", () => {
  it("splits on commas, a backslash-escaped comma staying in its value", () => {
    expect(splitCsvLine("a,b,,c")).toEqual(["a", "b", "", "c"]);
    expect(splitCsvLine("Doe\\, Jane,x\\y,")).toEqual(["Doe, Jane", "x\\y", ""]);
  });

  it("takes the header in any order, refuses unknown, repeated and missing required columns", () => {
    const p = pool({ AutoVerifiedAttributes: ["email"] });
    const cols = parseHeader(p, "\uFEFFemail, cognito:mfa_enabled,email_verified,cognito:username");
    expect(cols).toMatchObject({ usernameAt: 3, mfaAt: 1 });
    expect(() => parseHeader(p, "cognito:username,cognito:mfa_enabled,email,email_verified,sub")).toThrow(
      "The header has a column the user pool does not have: sub.",
    );
    expect(() => parseHeader(p, "cognito:username,cognito:username,cognito:mfa_enabled,email,email_verified")).toThrow(
      "The header names the column cognito:username twice.",
    );
    expect(() => parseHeader(p, "cognito:username,cognito:mfa_enabled,email")).toThrow(
      "The header lacks the required column email_verified.",
    );
  });

  it("in an e-mail username pool, cognito:username is the address and the username the sub", () => {
    const p = pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"] });
    const cols = parseHeader(p, "cognito:username,email,email_verified,cognito:mfa_enabled");
    const ok = userFromLine(p, users, cols, "Ann@Example.com,,true,false", SUB, 5);
    expect(ok.ok && ok.item.user).toMatchObject({ username: SUB, status: "RESET_REQUIRED", verifierEnc: null });
    expect(ok.ok && ok.item.aliases).toEqual([{ poolId: p.id, type: "email", key: "ann@example.com", userId: SUB }]);
    const notEmail = userFromLine(p, users, cols, "ann,,true,false", SUB, 5);
    expect(notEmail).toMatchObject({ ok: false, message: "Username should be an email." });
    const differs = userFromLine(p, users, cols, "ann@example.com,bob@example.com,true,false", SUB, 5);
    expect(differs.ok).toBe(false);
  });

  it("follows the pool's MFA setting for cognito:mfa_enabled", () => {
    const on = pool({
      AutoVerifiedAttributes: ["email", "phone_number"],
      MfaConfiguration: "OPTIONAL",
      SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns" },
    });
    const cols = parseHeader(
      on,
      "cognito:username,email,email_verified,phone_number,phone_number_verified,cognito:mfa_enabled",
    );
    expect(userFromLine(on, users, cols, "a,a@example.com,true,+15555550100,false,true", SUB, 5)).toMatchObject({
      ok: true,
      item: { smsMfa: true },
    });
    expect(userFromLine(on, users, cols, "a,a@example.com,true,,false,true", SUB, 5)).toMatchObject({ ok: false });
    const off = pool({ AutoVerifiedAttributes: ["email"] });
    expect(userFromLine(off, users, cols, "a,a@example.com,true,+15555550100,false,true", SUB, 5)).toMatchObject({
      ok: false,
      message: "cognito:mfa_enabled must be false: MFA is off in this pool.",
    });
  });
});
