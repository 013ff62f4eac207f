import { describe, expect, it } from "vitest";
import { devHostnames, isDevHost } from "./devHosts.js";

describe("Host check of the development routes", () => {
  const configured = devHostnames(["http://userpool.test:9229", undefined, "https://[2001:db8::1]:9443/auth"]);

  it.each([
    "localhost:9229",
    "localhost",
    "LOCALHOST:1",
    "127.0.0.1:9229",
    "127.0.0.1",
    "[::1]:9443",
    "[::1]",
    "userpool.test:80",
    "userpool.test",
    "[2001:db8::1]:9443",
  ])("serves Host: %s", (host) => expect(isDevHost(host, configured)).toBe(true));

  it.each([
    undefined,
    "",
    "attacker.example",
    "attacker.example:9229",
    "localhost.attacker.example",
    "127.0.0.1.nip.io",
    "localhost@attacker.example",
    "localhost:9229/x",
    "[::1",
    "userpool.test.attacker.example",
  ])("refuses Host: %s", (host) => expect(isDevHost(host, configured)).toBe(false));
});
