/**
 * The component tests' setup, shared by this package, apps/web and apps/console: Testing Library's matchers, and
 * after each test an unmounted tree and a clean URL and storage, so no test sees another's page.
 */
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => {
  // *.node.test.ts files run without a DOM.
  if (typeof window === "undefined") return;
  cleanup();
  window.history.replaceState(null, "", "/");
  window.localStorage.clear();
  window.sessionStorage.clear();
});
