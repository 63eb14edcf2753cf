import { describe, expect, it } from "vitest";
import { TargetRefused, webhookDispatcher } from "./guarded-agent.js";

describe("webhookDispatcher", () => {
  it.each([
    "http://127.0.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b::169.254.169.254]/",
    "https://[2002:a9fe:a9fe::1]/",
    "http://[::127.0.0.1]:8080/",
  ])("refuses the IP literal of %s before connecting", (url) => {
    expect(() => webhookDispatcher(new URL(url), false)).toThrow(TargetRefused);
  });

  it.each(["file:///etc/passwd", "gopher://example.com:70/x", "ftp://example.com/x"])(
    "refuses %s even where private networks are allowed",
    (url) => {
      expect(() => webhookDispatcher(new URL(url), true)).toThrow(/http or https only/);
    },
  );

  it("lets a public literal through, and anything when private networks are allowed", () => {
    expect(() => webhookDispatcher(new URL("http://[64:ff9b::8.8.8.8]/"), false)).not.toThrow();
    expect(() => webhookDispatcher(new URL("http://[64:ff9b::7f00:1]/"), true)).not.toThrow();
  });
});
