import { describe, expect, it } from "vitest";
import { headerSafe } from "./headers.js";

describe("headerSafe", () => {
  it("replaces control and non-ASCII characters, so no CR/LF can split the response", () => {
    expect(headerSafe("a\r\nSet-Cookie: x\u0000\u007f é ✓", 100)).toBe("a??Set-Cookie: x?? ? ?");
  });

  it("keeps printable ASCII as it is, quotes included, and cuts to the limit", () => {
    expect(headerSafe(`say "hi" \\ ok`, 100)).toBe(`say "hi" \\ ok`);
    expect(headerSafe("x".repeat(600), 512)).toHaveLength(512);
  });

  it("inside a quoted-string, also neutralises the quote and the backslash", () => {
    expect(headerSafe(`bad "token"\\\n`, 100, { quoted: true })).toBe("bad 'token'''");
    expect(headerSafe("y".repeat(300), 256, { quoted: true })).toHaveLength(256);
  });
});
