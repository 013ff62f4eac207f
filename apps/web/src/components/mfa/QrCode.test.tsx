import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { decodeQrSvg } from "../../test/qr";
import { QrCode, qrPath } from "./QrCode";

describe("QrCode", () => {
  it("draws a code that decodes to the otpauth URI, named for screen readers", () => {
    const uri = "otpauth://totp/Authhub:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Authhub";
    render(<QrCode value={uri} label="QR code for your authenticator app" />);
    const svg = screen.getByRole("img", { name: "QR code for your authenticator app" });
    expect(decodeQrSvg(svg)).toBe(uri);
  });

  it("keeps the 4-module quiet zone that scanners need", () => {
    render(<QrCode value="otpauth://totp/x?secret=AAAA" label="qr" />);
    const d = screen.getByRole("img").querySelector("path")?.getAttribute("d") ?? "";
    const xs = [...d.matchAll(/M(\d+) (\d+)/g)].flatMap((m) => [Number(m[1]), Number(m[2])]);
    expect(Math.min(...xs)).toBe(4);
  });

  it("qrPath emits one unit square per dark module", () => {
    expect(
      qrPath([
        [true, false],
        [false, true],
      ]),
    ).toBe("M0 0h1v1h-1zM1 1h1v1h-1z");
  });
});
