/**
 * Reads a rendered <QrCode> back: the SVG path's 1×1 squares → pixels → the `qr` package's decoder. A test
 * then checks what a phone would scan, not how the component happened to build its markup.
 */
import decodeQR from "qr/decode.js";

export function decodeQrSvg(svg: Element): string {
  const n = Number(svg.getAttribute("data-modules"));
  const d = svg.querySelector("path")?.getAttribute("d") ?? "";
  const dark = new Set<string>();
  for (const m of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) dark.add(`${m[1]},${m[2]}`);
  const scale = 4;
  const width = n * scale;
  const data = new Uint8ClampedArray(width * width * 4);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const value = dark.has(`${Math.floor(x / scale)},${Math.floor(y / scale)}`) ? 0 : 255;
      data.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return decodeQR({ width, height: width, data });
}
