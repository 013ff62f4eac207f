/**
 * AWS JSON 1.1 encoding of responses: timestamps go out as epoch seconds (the SDKs parse numbers),
 * `undefined` members are dropped.
 */
export function encodeAwsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}
