import { BlockList, isIP } from "node:net";

// Where an outbound webhook must not go unless an owner allows it: the machine itself, private
// networks, link-local (cloud metadata services live at 169.254.169.254), and the unroutable ranges.
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  // IPv4-compatible (deprecated, never routed; :: and ::1 among them).
  ["::", 96],
  // Discard-only, local-use NAT64, documentation, unique local, site-local (deprecated), link-local, multicast.
  ["100::", 64],
  ["64:ff9b:1::", 48],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fec0::", 10],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/** An IPv6 address as its 16 bytes (isIP must have said 6): "::" expanded, a dotted IPv4 tail read. */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, "").toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill("0"), ...back];
  return groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

const startsWith = (bytes: number[], prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
const dottedOf = (bytes: number[]) => bytes.join(".");

/**
 * The IPv4 address an IPv6 address carries to an IPv4 host, when it does: IPv4-mapped (::ffff:0:0/96)
 * and -translated (::ffff:0:0:0/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16, bits 16–47) and Teredo
 * (2001::/32, the client's address inverted in the last 32 bits). A connection there reaches that
 * IPv4 address, so it is judged by it.
 */
function embeddedIpv4(bytes: number[]): string | undefined {
  const zeros = (n: number) => Array(n).fill(0);
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return dottedOf(bytes.slice(12));
  if (startsWith(bytes, [...zeros(8), 0xff, 0xff, 0, 0])) return dottedOf(bytes.slice(12));
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return dottedOf(bytes.slice(12));
  if (startsWith(bytes, [0x20, 0x02])) return dottedOf(bytes.slice(2, 6));
  if (startsWith(bytes, [0x20, 0x01, 0, 0])) return dottedOf(bytes.slice(12).map((byte) => byte ^ 0xff));
  return undefined;
}

/**
 * True for loopback, private, link-local, multicast and reserved addresses — IPv4, IPv6, and IPv6
 * spellings of an IPv4 address (mapped, translated, NAT64, 6to4, Teredo), judged by that address.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  if (family === 4) return privateRanges.check(address, "ipv4");
  const bytes = ipv6Bytes(address);
  const ipv4 = embeddedIpv4(bytes);
  if (ipv4 !== undefined) return privateRanges.check(ipv4, "ipv4");
  return privateRanges.check(address.replace(/%.*$/, ""), "ipv6");
}

/**
 * The key a client address is rate-limited by: an IPv4 address, or the /64 an IPv6 address belongs to
 * (a client usually holds a whole /64, and could otherwise try from a new address every time).
 */
export function clientAddressKey(ip: string): string {
  const address = ip.replace(/%.*$/, "").replace(/^::ffff:(?=\d+\.)/i, "");
  if (!address.includes(":")) return `ip:${address}`;
  const [head = "", tail] = address.toLowerCase().split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? front : [...front, ...Array(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back];
  return `ip6:${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
