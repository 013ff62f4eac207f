/**
 * The client address a request is counted under. By default it is the socket's peer: any client
 * can write X-Forwarded-For, so trusting it would let one client count as many. Only with
 * USERPOOL_TRUSTED_PROXY_HOPS = n (n proxies in front, each appending the address it received
 * from) is the header read, and then only the entry the outermost trusted proxy wrote: the n-th
 * from the right. Entries further left are whatever the client sent.
 */
import { isIP } from "node:net";

export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string | undefined {
  if (trustedHops === 0 || forwardedFor === undefined) return socketAddress;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Nearest first: the peer (the innermost proxy), then the header from right to left. A chain
  // shorter than the configured hops stops at its leftmost entry, as Express's `trust proxy` does.
  const path = [socketAddress, ...chain.reverse()];
  const picked = bareAddress(path[Math.min(trustedHops, path.length - 1)]);
  // A proxy writes addresses; anything else means a misconfigured chain, so count the peer, which
  // the client cannot choose, rather than a string it can.
  return picked && isIP(picked) ? picked : socketAddress;
}

/** Strips a port or brackets some proxies add ("203.0.113.7:4711", "[2001:db8::1]:443"). */
function bareAddress(entry: string | undefined): string | undefined {
  if (!entry) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1] : entry;
}

/**
 * The counter key of an address. IPv4 (and IPv4-mapped IPv6) by address; IPv6 by its /64, the
 * smallest block one subscriber is normally given, so a client cannot pick a fresh counter from
 * its own 2^64 addresses.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(address: string): string[] {
  const noZone = address.split("%")[0]!.toLowerCase();
  const [head = "", tail] = noZone.split("::");
  const parts = (s: string) => (s ? s.split(":") : []);
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  // An embedded IPv4 tail ("::ffff:1.2.3.4" handled above; "64:ff9b::1.2.3.4") takes two groups.
  const last = right.length ? right : left;
  if (last.length && last[last.length - 1]!.includes(".")) {
    const octets = last.pop()!.split(".").map(Number);
    last.push(((octets[0]! << 8) | octets[1]!).toString(16), ((octets[2]! << 8) | octets[3]!).toString(16));
  }
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ""));
}
