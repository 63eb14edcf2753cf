import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackSmtp, startLoopbackSmtp } from "../../../test/helpers/loopback-smtp.js";
import type { EmailMessage } from "./notification-email.js";
import { createSmtpSender } from "./smtp-sender.js";

const message = (i: number): EmailMessage => ({
  from: "Loopwork <loopwork@loop.example>",
  to: { name: `Person ${i}`, address: `person-${i}@mail.example` },
  subject: `Fixed: #${i}`,
  messageId: `<sender-test.${i}.${Math.random().toString(36).slice(2)}@loop.example>`,
  headers: { "Auto-Submitted": "auto-generated" },
  text: `Hello ${i}`,
  html: `<p>Hello ${i}</p>`,
});

describe("the SMTP sender", () => {
  let smtp: LoopbackSmtp;
  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it("sends many emails over a few kept-open connections, not one connection each", async () => {
    const sender = createSmtpSender(smtp.url, { maxConnections: 3 });
    const before = smtp.connections;
    try {
      const sent = Array.from({ length: 24 }, (_, i) => message(i));
      await Promise.all(sent.map((m) => sender.send(m)));
      const ids = new Set(smtp.accepted.map((m) => m.messageId));
      expect(sent.every((m) => ids.has(m.messageId))).toBe(true);
      expect(smtp.connections - before).toBeLessThanOrEqual(3);
    } finally {
      sender.close();
    }
  });

  it("asks beforeAccept before the message is complete, and a refusal cuts the message off", async () => {
    const sender = createSmtpSender(smtp.url, { maxConnections: 1 });
    try {
      const accepted = message(100);
      let acceptedBeforeHook: boolean | undefined;
      await sender.send(accepted, {
        beforeAccept: async () => {
          acceptedBeforeHook = smtp.accepted.some((m) => m.messageId === accepted.messageId);
        },
      });
      expect(acceptedBeforeHook).toBe(false);
      expect(smtp.accepted.filter((m) => m.messageId === accepted.messageId)).toHaveLength(1);

      const refused = message(101);
      await expect(
        sender.send(refused, {
          beforeAccept: async () => {
            throw new Error("the claim ran out");
          },
        }),
      ).rejects.toThrow(/the claim ran out/);
      // The pool opens a new connection for the next one; the server never accepted the cut message.
      const next = message(102);
      await sender.send(next);
      expect(smtp.accepted.map((m) => m.messageId)).toContain(next.messageId);
      expect(smtp.accepted.map((m) => m.messageId)).not.toContain(refused.messageId);
    } finally {
      sender.close();
    }
  });
});
