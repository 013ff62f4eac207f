/**
 * A QR code drawn as inline SVG from the `qr` package's module matrix: React builds the elements,
 * so nothing is injected as markup, and the picture scales without blurring.
 */
import { encodeQR } from "qr";
import { useMemo } from "react";

/** One SVG path with a 1×1 square per dark module (border included in the matrix). */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    });
  });
  return parts.join("");
}

export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  // Medium error correction and the standard 4-module quiet zone: what phone scanners expect.
  const modules = useMemo(() => encodeQR(value, "raw", { ecc: "medium", border: 4 }), [value]);
  const n = modules.length;
  return (
    <svg
      role="img"
      aria-label={label}
      className="qr"
      width={size}
      height={size}
      viewBox={`0 0 ${n} ${n}`}
      shapeRendering="crispEdges"
      data-modules={n}
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={qrPath(modules)} fill="#000" />
    </svg>
  );
}
