import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSrpTimestamp, parseSrpTimestamp } from "./srpTimestamp.js";
import { cognitoJsNowString } from "../../test/support/srpClientCognitoJs.js";

describe("formatSrpTimestamp", () => {
  it("writes Cognito's format with an unpadded day of month", () => {
    expect(formatSrpTimestamp(new Date(Date.UTC(2018, 8, 25, 0, 9, 40)))).toBe("Tue Sep 25 00:09:40 UTC 2018");
    expect(formatSrpTimestamp(new Date(Date.UTC(2029, 8, 1, 9, 5, 7)))).toBe("Sat Sep 1 09:05:07 UTC 2029");
    expect(formatSrpTimestamp(new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)))).toBe("Thu Feb 29 23:59:59 UTC 2024");
  });
});

describe("parseSrpTimestamp", () => {
  it("reads what amazon-cognito-identity-js sends right now", () => {
    const before = Date.now();
    const sent = cognitoJsNowString();
    const parsed = parseSrpTimestamp(sent);
    expect(parsed, sent).toBeInstanceOf(Date);
    expect(parsed!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(parsed!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("round-trips any instant to the second", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (d) => {
          const s = formatSrpTimestamp(d);
          expect(parseSrpTimestamp(s)?.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ["zero-padded day (Cognito rejects it)", "Sat Sep 01 09:05:07 UTC 2029"],
    ["space-padded day", "Sat Sep  1 09:05:07 UTC 2029"],
    ["wrong weekday", "Mon Sep 25 00:09:40 UTC 2018"],
    ["day that does not exist", "Fri Feb 30 00:00:00 UTC 2024"],
    ["Feb 29 in a common year", "Thu Feb 29 00:00:00 UTC 2023"],
    ["hour 24", "Tue Sep 25 24:00:00 UTC 2018"],
    ["minute 60", "Tue Sep 25 00:60:00 UTC 2018"],
    ["unpadded hour", "Tue Sep 25 0:09:40 UTC 2018"],
    ["other zone", "Tue Sep 25 00:09:40 GMT 2018"],
    ["lower-case names", "tue sep 25 00:09:40 UTC 2018"],
    ["ISO 8601", "2018-09-25T00:09:40Z"],
    ["two-digit year", "Tue Sep 25 00:09:40 UTC 18"],
    ["year 0018", "Tue Sep 25 00:09:40 UTC 0018"],
    ["trailing newline", "Tue Sep 25 00:09:40 UTC 2018\n"],
    ["leading space", " Tue Sep 25 00:09:40 UTC 2018"],
    ["empty", ""],
  ])("rejects %s", (_label, s) => {
    expect(parseSrpTimestamp(s)).toBeUndefined();
  });
});
