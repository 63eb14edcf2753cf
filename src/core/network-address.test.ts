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
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("allows %s", (address) => {
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
