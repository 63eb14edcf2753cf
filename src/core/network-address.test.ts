import { describe, expect, it } from "vitest";
import { clientAddressKey, isPrivateAddress } from "./network-address.js";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    // IPv4-mapped, as URLs spell it (new URL("http://[::ffff:127.0.0.1]").hostname is [::ffff:7f00:1]).
    "::ffff:7f00:1",
    "0:0:0:0:0:ffff:a9fe:a9fe",
    "::FFFF:192.168.0.1",
    // IPv4-translated (SIIT).
    "::ffff:0:7f00:1",
    // IPv4-compatible (deprecated): the whole ::/96.
    "::127.0.0.1",
    "::7f00:1",
    "::10.0.0.1",
    "::8.8.8.8",
    // NAT64 of a private address (64:ff9b::/96), and the local-use NAT64 prefix (64:ff9b:1::/48).
    "64:ff9b::7f00:1",
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::10.1.2.3",
    "64:ff9b:1::808:808",
    // 6to4 of a private address (2002::/16 with the IPv4 address in bits 16–47).
    "2002:7f00:1::",
    "2002:a00:1::1",
    "2002:c0a8:101::1",
    // Teredo (2001::/32) whose client is private (its IPv4 address is stored inverted).
    "2001:0:4136:e378:8000:63bf:80ff:fffe",
    // Site-local (deprecated), discard-only, documentation.
    "fec0::1",
    "100::1",
    "2001:db8::1",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "64:ff9b::808:808",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
  ])("allows %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe("clientAddressKey", () => {
  it("keys IPv4 by address and IPv6 by its /64, however it is written", () => {
    expect(clientAddressKey("203.0.113.7")).toBe("ip:203.0.113.7");
    expect(clientAddressKey("::ffff:203.0.113.7")).toBe("ip:203.0.113.7");
    expect(clientAddressKey("2001:db8:1:2:aaaa::1")).toBe("ip6:2001:db8:1:2::/64");
    expect(clientAddressKey("2001:0db8:0001:0002:ffff:0:0:9")).toBe("ip6:2001:db8:1:2::/64");
    expect(clientAddressKey("2001:db8::1")).toBe("ip6:2001:db8:0:0::/64");
    expect(clientAddressKey("fe80::1%eth0")).toBe("ip6:fe80:0:0:0::/64");
    expect(clientAddressKey("::1")).toBe("ip6:0:0:0:0::/64");
  });
});
