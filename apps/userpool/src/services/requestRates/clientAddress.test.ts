import { describe, expect, it } from "vitest";
import { addressKey, clientAddress } from "./clientAddress.js";

describe("clientAddress", () => {
  it("is the socket's peer unless proxies are trusted: X-Forwarded-For is anyone's to write", () => {
    expect(clientAddress("10.0.0.5", "198.51.100.7", 0)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", undefined, 1)).toBe("10.0.0.5");
  });

  it("with n trusted proxies, takes the n-th entry from the right, never one the client put further left", () => {
    expect(clientAddress("10.0.0.5", "198.51.100.7", 1)).toBe("198.51.100.7");
    // The client sent "X-Forwarded-For: 203.0.113.1"; the proxy appended what it saw.
    expect(clientAddress("10.0.0.5", "203.0.113.1, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.6", "203.0.113.1, 198.51.100.7, 10.0.0.5", 2)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.6", ["203.0.113.1, 198.51.100.7", "10.0.0.5"], 2)).toBe("198.51.100.7");
    // Fewer entries than hops: the leftmost (Express's `trust proxy` does the same).
    expect(clientAddress("10.0.0.6", "198.51.100.7", 3)).toBe("198.51.100.7");
  });

  it("strips ports and brackets, and falls back to the peer when the trusted entry is not an address", () => {
    expect(clientAddress("10.0.0.5", "198.51.100.7:4711", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.5", "[2001:db8::1]:443", 1)).toBe("2001:db8::1");
    expect(clientAddress("10.0.0.5", "2001:db8::1", 1)).toBe("2001:db8::1");
    expect(clientAddress("10.0.0.5", "unknown", 1)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "", 1)).toBe("10.0.0.5");
  });
});

describe("addressKey", () => {
  it("keys IPv4 by address and IPv4-mapped IPv6 as IPv4", () => {
    expect(addressKey("198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("::FFFF:127.0.0.1")).toBe("127.0.0.1");
  });

  it("keys IPv6 by its /64, however it is written", () => {
    const key = "2001:db8:0:1::/64";
    expect(addressKey("2001:db8:0:1::1")).toBe(key);
    expect(addressKey("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe(key);
    expect(addressKey("2001:db8:0:1:1:2:3:4")).toBe(key);
    expect(addressKey("2001:db8:0:2::1")).not.toBe(key);
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("64:ff9b::198.51.100.7")).toBe("64:ff9b:0:0::/64");
  });
});
