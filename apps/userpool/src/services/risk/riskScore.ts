/**
 * The risk score of a sign-in whose password checked out (ADR 0031). Cognito's adaptive authentication
 * is a model trained on AWS-wide traffic; this is a small documented rule set over the user's own event
 * history, with three signals:
 *
 * - new device (1 point): the user has trusted sign-ins, and none from this device name on this network;
 * - impossible travel (2 points): the last trusted sign-in, under an hour ago, came from another network
 *   the user never signed in from. Without GeoIP, "network" stands in for place: an IPv4 /16 or an IPv6
 *   /48, the blocks providers assign per region or site, so a change within one is not travel;
 * - burst of failures (2 points): at least five failed sign-ins of the user in the last 15 minutes.
 *
 * 1 point is Low, 2 Medium, 3 or more High. A trusted event is one that passed and was not reported
 * Invalid, or one reported Valid (feedback overrides the outcome: a blocked sign-in reported Valid
 * makes its device known; a failure reported Valid does not count towards a burst).
 */
import { isIPv4, isIPv6 } from "node:net";
import type { AuthEventRow, RiskLevel } from "../../store/index.js";

export const NEW_DEVICE_POINTS = 1;
export const TRAVEL_POINTS = 2;
export const BURST_POINTS = 2;
export const TRAVEL_WINDOW_MS = 60 * 60_000;
export const BURST_WINDOW_MS = 15 * 60_000;
export const BURST_FAILURES = 5;
/** How far back the score reads the history, and at most how many events. */
export const HISTORY_WINDOW_MS = 90 * 86_400_000;
export const HISTORY_LIMIT = 500;

export type RiskReason = "newDevice" | "impossibleTravel" | "failureBurst";

export interface RiskScore {
  level: RiskLevel | null;
  points: number;
  reasons: RiskReason[];
}

/** The network an address belongs to for the travel rule: IPv4 /16, IPv6 /48; null when unknown. */
export function networkOf(ip: string | null): string | null {
  if (!ip) return null;
  const plain = ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(plain)) return plain.split(".").slice(0, 2).join(".");
  if (!isIPv6(plain)) return null;
  // Expand "::" so the first three groups are the /48.
  const [head = "", tail = ""] = plain.split("::");
  const h = head ? head.split(":") : [];
  const t = plain.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups
    .slice(0, 3)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/u, ""))
    .join(":");
}

const trusted = (e: AuthEventRow) =>
  e.feedback?.value === "Valid" || (e.response === "Pass" && e.feedback?.value !== "Invalid");

/** Scores a sign-in from `ip` / `deviceName` at `now` against the user's earlier events (any order). */
export function scoreSignIn(
  a: { now: number; ip: string | null; deviceName: string | null },
  history: readonly AuthEventRow[],
): RiskScore {
  const signIns = history.filter((e) => e.type === "SignIn").sort((x, y) => y.createdAt - x.createdAt);
  const known = signIns.filter(trusted);
  const network = networkOf(a.ip);
  const reasons: RiskReason[] = [];
  let points = 0;
  const sameDevice = (e: AuthEventRow) => e.deviceName === a.deviceName && networkOf(e.ip) === network;
  if (known.length > 0 && !known.some(sameDevice)) {
    reasons.push("newDevice");
    points += NEW_DEVICE_POINTS;
  }
  const last = known[0];
  const lastNetwork = last ? networkOf(last.ip) : null;
  if (
    last &&
    network !== null &&
    lastNetwork !== null &&
    lastNetwork !== network &&
    a.now - last.createdAt < TRAVEL_WINDOW_MS &&
    !known.some((e) => networkOf(e.ip) === network)
  ) {
    reasons.push("impossibleTravel");
    points += TRAVEL_POINTS;
  }
  const failures = signIns.filter(
    (e) => e.response === "Fail" && e.feedback?.value !== "Valid" && a.now - e.createdAt < BURST_WINDOW_MS,
  );
  if (failures.length >= BURST_FAILURES) {
    reasons.push("failureBurst");
    points += BURST_POINTS;
  }
  const level: RiskLevel | null = points === 0 ? null : points === 1 ? "Low" : points === 2 ? "Medium" : "High";
  return { level, points, reasons };
}

/** A short device name from a User-Agent header: browser and system, or the product token. */
export function deviceNameOf(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 1024);
  const browser =
    /Edg\/(\d+)/u.exec(ua)?.[1] !== undefined
      ? `Edge ${/Edg\/(\d+)/u.exec(ua)![1]}`
      : /Firefox\/(\d+)/u.exec(ua)
        ? `Firefox ${/Firefox\/(\d+)/u.exec(ua)![1]}`
        : /Chrome\/(\d+)/u.exec(ua)
          ? `Chrome ${/Chrome\/(\d+)/u.exec(ua)![1]}`
          : /Version\/(\d+)[^ ]* .*Safari/u.exec(ua)
            ? `Safari ${/Version\/(\d+)/u.exec(ua)![1]}`
            : undefined;
  const system = /Windows/u.test(ua)
    ? "Windows"
    : /iPhone|iPad/u.test(ua)
      ? "iOS"
      : /Mac OS X|Macintosh/u.test(ua)
        ? "macOS"
        : /Android/u.test(ua)
          ? "Android"
          : /Linux|os\/linux/iu.test(ua)
            ? "Linux"
            : undefined;
  const product = browser ?? ua.split(/[\s;]/u)[0]!.replace("/", " ");
  return [product, system].filter(Boolean).join(", ").slice(0, 256) || null;
}

/**
 * Where a request came from: for the server-side (admin) flows the ContextData the server forwarded
 * (its IpAddress and User-Agent header, API reference ContextDataType), else the connection's address
 * and User-Agent.
 */
export function signalsOf(
  rc: { sourceIp: string | undefined; userAgent?: string | undefined },
  contextData?: {
    IpAddress: string;
    HttpHeaders: { headerName?: string | undefined; headerValue?: string | undefined }[];
  },
): { ip: string | null; deviceName: string | null } {
  if (contextData) {
    const ua = contextData.HttpHeaders.find((h) => h.headerName?.toLowerCase() === "user-agent")?.headerValue;
    return { ip: contextData.IpAddress.slice(0, 64) || null, deviceName: deviceNameOf(ua) };
  }
  return { ip: rc.sourceIp?.slice(0, 64) ?? null, deviceName: deviceNameOf(rc.userAgent) };
}
