/** Fails the whole run at once, with the fix, when there is no browser. */
import { assertChromium } from "./chromium.js";

export default function setup(): void {
  assertChromium();
}
