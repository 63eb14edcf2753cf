import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSealed, keyIdOf, open, SecretUnreadableError, seal } from "./secret-box.js";

describe("secret box (AES-256-GCM envelopes)", () => {
  const key = randomBytes(32);

  it("seals into enc:v1:<keyId>:<nonce>:<ciphertext>:<tag> and opens back, a fresh nonce each time", () => {
    const first = seal(key, "imaps://ana:s3cret@mail.example/INBOX");
    const second = seal(key, "imaps://ana:s3cret@mail.example/INBOX");
    expect(first).toMatch(new RegExp(`^enc:v1:${keyIdOf(key)}:[\\w-]{16}:[\\w-]+:[\\w-]{22}$`));
    expect(first).not.toBe(second);
    expect(first).not.toContain("s3cret");
    expect(open([key], first)).toBe("imaps://ana:s3cret@mail.example/INBOX");
  });

  it("opens a plain (pre-encryption) value as it is", () => {
    expect(isSealed("a-plain-secret")).toBe(false);
    expect(open([key], "a-plain-secret")).toBe("a-plain-secret");
  });

  it("opens with whichever known key the value names (rotation), and refuses an unknown key", () => {
    const old = randomBytes(32);
    const sealed = seal(old, "token");
    expect(open([key, old], sealed)).toBe("token");
    expect(() => open([key], sealed)).toThrow(SecretUnreadableError);
    expect(() => open([key], sealed)).toThrow(keyIdOf(old));
  });

  it("refuses an altered ciphertext or tag, and a malformed envelope", () => {
    const sealed = seal(key, "webhook-secret-value");
    const parts = sealed.split(":");
    const flipped = (value: string) => `${value[0] === "A" ? "B" : "A"}${value.slice(1)}`;
    for (const index of [3, 4, 5]) {
      const altered = parts.map((part, i) => (i === index ? flipped(part) : part)).join(":");
      expect(() => open([key], altered)).toThrow(SecretUnreadableError);
    }
    expect(() => open([key], "enc:v2:x")).toThrow(SecretUnreadableError);
    expect(() => open([key], "enc:v1:only")).toThrow(SecretUnreadableError);
  });
});
