const UNSAFE = /[^\x20-\x7e]/g;
const UNSAFE_IN_QUOTES = /[^\x20-\x7e]|["\\]/g;

/**
 * A header value made from text we do not fully control (an error message, a caller's header):
 * printable ASCII only, so no CR/LF can split the response and Node never refuses the value, cut
 * to `max` characters. `quoted`: for inside a quoted-string (RFC 9110 §5.6.4), where `"` and `\`
 * would end or escape it, everything unsafe becomes `'`.
 */
export function headerSafe(value: string, max: number, opts: { quoted?: boolean } = {}): string {
  return (opts.quoted ? value.replace(UNSAFE_IN_QUOTES, "'") : value.replace(UNSAFE, "?")).slice(0, max);
}
