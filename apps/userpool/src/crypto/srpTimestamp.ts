// The TIMESTAMP of Cognito's PASSWORD_VERIFIER challenge response. It is part of the signed message, so the
// server only needs to read it to decide whether it is fresh.
//
// Format: "EEE MMM d HH:mm:ss 'UTC' yyyy" in English, always UTC, e.g. "Tue Sep 25 00:09:40 UTC 2018".
// The day of month is NOT padded: Cognito rejects "Sep 05" and "Sep  5" with InvalidParameterException
// "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english." (the reason warrant/pycognito strip
// the zero; see qwigo/warrant#55). Clients build it in amazon-cognito-identity-js DateHelper.getNowString
// and @aws-amplify/auth srp/getNowString, which this file mirrors.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const FORMAT = new RegExp(
  "^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) " +
    "([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$",
);

const two = (n: number): string => String(n).padStart(2, "0");

/** Formats a Date exactly as Cognito's clients do (UTC, day of month unpadded). */
export function formatSrpTimestamp(d: Date): string {
  return (
    `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/** Parses a TIMESTAMP; undefined when it is not in Cognito's format or names a day that does not exist. */
export function parseSrpTimestamp(s: string): Date | undefined {
  const m = FORMAT.exec(s);
  if (!m) return undefined;
  const [, , , day, hh, mm, ss, year] = m.map(Number) as number[];
  const monthIndex = MONTHS.indexOf(m[2] as (typeof MONTHS)[number]);
  const d = new Date(Date.UTC(year!, monthIndex, day!, hh!, mm!, ss!));
  // Date.UTC rolls "Feb 30" over into March and maps years 0000-0099 to 1900-1999, and the regex cannot
  // tell a wrong weekday: rendering the instant back and comparing catches all three.
  if (formatSrpTimestamp(d) !== s) return undefined;
  return d;
}
