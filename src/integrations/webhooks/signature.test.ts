import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "./signature.js";

const secret = "whsec-test";
const now = Date.UTC(2026, 0, 1);
const timestamp = String(now / 1000);
const body = JSON.stringify({ type: "snapback.notification", n: 1 });

describe("webhook signatures", () => {
  it("are the HMAC-SHA256 of timestamp and body", () => {
    const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    expect(signWebhookBody(secret, timestamp, body)).toBe(expected);
  });

  it("verify when nothing was changed", () => {
    const signature = `sha256=${signWebhookBody(secret, timestamp, body)}`;
    expect(verifyWebhookSignature(secret, { timestamp, signature, body }, now)).toBe(true);
  });

  it("fail when the body, the timestamp, the signature or the secret differ", () => {
    const signature = `sha256=${signWebhookBody(secret, timestamp, body)}`;
    expect(verifyWebhookSignature(secret, { timestamp, signature, body: `${body} ` }, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: String(now / 1000 + 1), signature, body }, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp, signature: signature.replace(/.$/, "x"), body }, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, { timestamp, signature: signature.slice(7), body }, now)).toBe(false);
    expect(verifyWebhookSignature("other", { timestamp, signature, body }, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: undefined, signature, body }, now)).toBe(false);
  });

  it("fail when the request is older than the tolerance (a replay)", () => {
    const signature = `sha256=${signWebhookBody(secret, timestamp, body)}`;
    expect(verifyWebhookSignature(secret, { timestamp, signature, body }, now + 5 * 60_000)).toBe(true);
    expect(verifyWebhookSignature(secret, { timestamp, signature, body }, now + 5 * 60_000 + 1)).toBe(false);
  });
});
