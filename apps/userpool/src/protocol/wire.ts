/**
 * AWS JSON 1.1 encoding of responses: timestamps go out as epoch seconds (the SDKs parse numbers),
 * `undefined` members are dropped. A replacer takes JSON.stringify off its fast path, so it is
 * used only for values that hold a Date (admin and listing outputs, not the sign-in's tokens).
 */
export function encodeAwsJson(value: unknown): string {
  return holdsDate(value) ? JSON.stringify(value, epochSeconds) : JSON.stringify(value);
}

function epochSeconds(this: Record<string, unknown>, key: string, v: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : v;
}

function holdsDate(v: unknown): boolean {
  if (v instanceof Date) return true;
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) return v.some(holdsDate);
  for (const key in v) if (holdsDate((v as Record<string, unknown>)[key])) return true;
  return false;
}
