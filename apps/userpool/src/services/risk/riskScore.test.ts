import { describe, expect, it } from "vitest";
import type { AuthEventRow } from "../../store/index.js";
import { deviceNameOf, networkOf, scoreSignIn, signalsOf } from "./riskScore.js";

const T = 1_700_000_000_000;
const MIN = 60_000;
let n = 0;
const ev = (over: Partial<AuthEventRow>): AuthEventRow => ({
  eventId: `e-${++n}`,
  poolId: "p",
  userId: "u",
  type: "SignIn",
  createdAt: T - 120 * MIN,
  response: "Pass",
  riskDecision: "NoRisk",
  riskLevel: null,
  compromised: false,
  challenges: [],
  ip: "10.1.0.5",
  deviceName: "Chrome 131, Windows",
  feedback: null,
  ...over,
});
const at = (ip: string, deviceName = "Chrome 131, Windows") => ({ now: T, ip, deviceName });

describe("the risk score (ADR 0031)", () => {
  it("a first sign-in and a known device on a known network are no risk", () => {
    expect(scoreSignIn(at("10.1.0.5"), [])).toEqual({ level: null, points: 0, reasons: [] });
    expect(scoreSignIn(at("10.1.200.7"), [ev({})]).level).toBeNull();
  });

  it("a new device is Low; feedback decides what counts as known", () => {
    expect(scoreSignIn(at("10.1.0.5", "Firefox 133, Linux"), [ev({})])).toMatchObject({
      level: "Low",
      reasons: ["newDevice"],
    });
    const blockedFirefox = ev({ response: "Fail", deviceName: "Firefox 133, Linux" });
    const firefox = at("10.1.0.5", "Firefox 133, Linux");
    expect(scoreSignIn(firefox, [ev({}), blockedFirefox]).level).toBe("Low");
    const valid = { ...blockedFirefox, feedback: { value: "Valid" as const, provider: "User", at: T } };
    expect(scoreSignIn(firefox, [ev({}), valid]).level).toBeNull();
    const passedButInvalid = {
      ...blockedFirefox,
      response: "Pass" as const,
      feedback: { ...valid.feedback!, value: "Invalid" as const },
    };
    expect(scoreSignIn(firefox, [ev({}), passedButInvalid]).level).toBe("Low");
  });

  it("another network within the hour is impossible travel; later, or a network seen before, is not", () => {
    const recent = ev({ createdAt: T - 10 * MIN });
    expect(scoreSignIn(at("172.20.0.9"), [recent])).toMatchObject({
      level: "High",
      reasons: ["newDevice", "impossibleTravel"],
    });
    expect(scoreSignIn(at("172.20.0.9"), [ev({ createdAt: T - 61 * MIN })]).reasons).toEqual(["newDevice"]);
    const seenBefore = ev({ ip: "172.20.3.3", createdAt: T - 30 * 86_400_000 });
    expect(scoreSignIn(at("172.20.0.9"), [recent, seenBefore]).level).toBeNull();
  });

  it("five failures in 15 minutes are a burst (Medium); older ones or ones reported Valid are not", () => {
    const fails = (k: number, ago = 2 * MIN, over: Partial<AuthEventRow> = {}) =>
      Array.from({ length: k }, () => ev({ response: "Fail", createdAt: T - ago, ...over }));
    expect(scoreSignIn(at("10.1.0.5"), [ev({}), ...fails(5)])).toMatchObject({
      level: "Medium",
      reasons: ["failureBurst"],
    });
    expect(scoreSignIn(at("10.1.0.5"), [ev({}), ...fails(4)]).level).toBeNull();
    expect(scoreSignIn(at("10.1.0.5"), [ev({}), ...fails(5, 16 * MIN)]).level).toBeNull();
    const forgiven = fails(5, 2 * MIN, { feedback: { value: "Valid", provider: "Admin", at: T } });
    expect(scoreSignIn(at("10.1.0.5"), [ev({}), ...forgiven]).level).toBeNull();
  });

  it("networks: IPv4 /16, IPv6 /48, IPv4-mapped as IPv4, anything else unknown", () => {
    expect(networkOf("10.1.2.3")).toBe("10.1");
    expect(networkOf("::ffff:10.1.2.3")).toBe("10.1");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd");
    expect(networkOf("2001:0db8::1")).toBe("2001:db8:0");
    expect(networkOf("not-an-ip")).toBeNull();
    expect(networkOf(null)).toBeNull();
  });

  it("device names from User-Agent headers, and where the signals come from", () => {
    expect(
      deviceNameOf(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
          "Version/17.1 Safari/605.1.15",
      ),
    ).toBe("Safari 17, macOS");
    expect(deviceNameOf("aws-sdk-js/3.1000.0 ua/2.1 os/linux#6.8 lang/js md/nodejs#24.22.3")).toBe(
      "aws-sdk-js 3.1000.0, Linux",
    );
    expect(deviceNameOf(undefined)).toBeNull();
    const contextData = {
      IpAddress: "203.0.113.9",
      HttpHeaders: [{ headerName: "user-agent", headerValue: "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0" }],
    };
    expect(signalsOf({ sourceIp: "127.0.0.1", userAgent: "curl/8" }, contextData)).toEqual({
      ip: "203.0.113.9",
      deviceName: "Chrome 131, Windows",
    });
    expect(signalsOf({ sourceIp: "127.0.0.1", userAgent: "curl/8.5.0" })).toEqual({
      ip: "127.0.0.1",
      deviceName: "curl 8.5.0",
    });
  });
});
