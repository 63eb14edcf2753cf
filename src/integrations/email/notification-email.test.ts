import { describe, expect, it } from "vitest";
import {
  buildNotificationEmail,
  buildRolledBackEmail,
  messageIdFor,
  type NotificationEmailInput,
  normaliseMessageId,
  senderFor,
} from "./notification-email.js";

const input: NotificationEmailInput = {
  idempotencyKey: "notification:01890a5d-ac96-774b-bcce-b302099a8057",
  from: "Loopwork <loopwork@loop.example>",
  contact: { name: "Ada <Lovelace>", email: "ada@mail.example" },
  signal: { title: "Export\r\nfails", threadRef: "<original-1@mail.example>", channelKind: "email" },
  pattern: { title: "CSV export times out" },
  product: { name: "Ledger" },
  release: { name: "2.4.0" },
  environment: "production",
  answerLinks: { works: "https://loop.example/answers/w?a=1&b=2", stillBroken: "https://loop.example/answers/s" },
  linksExpireAt: new Date("2026-02-01T00:00:00Z"),
  customerLink: "https://loop.example/customer/c.1&x",
  replyable: true,
};

describe("notification email", () => {
  it("replies in the signal's thread", () => {
    const email = buildNotificationEmail(input);
    expect(email.subject).toBe("Re: Export fails");
    expect(email.inReplyTo).toBe("<original-1@mail.example>");
    expect(email.references).toBe("<original-1@mail.example>");
    expect(email.headers["Auto-Submitted"]).toBe("auto-generated");
    expect(email.to).toEqual({ name: "Ada <Lovelace>", address: "ada@mail.example" });
  });

  it("says what shipped and carries both answer links", () => {
    const email = buildNotificationEmail(input);
    for (const part of [
      // The pattern names the problem, not the fix: "a fix for" it.
      'We have shipped a fix for "CSV export times out".',
      "Ledger 2.4.0",
      "production",
      input.answerLinks.works,
      input.answerLinks.stillBroken,
    ]) {
      expect(email.text).toContain(part);
    }
    expect(email.html).toContain('href="https://loop.example/answers/w?a=1&amp;b=2"');
    expect(email.html).toContain("Ada &lt;Lovelace&gt;");
  });

  it("links to the contact's own view of everything they told us", () => {
    const email = buildNotificationEmail(input);
    expect(email.text).toContain(
      "See everything you told us and what became of it: https://loop.example/customer/c.1&x",
    );
    expect(email.html).toContain('href="https://loop.example/customer/c.1&amp;x"');
  });

  it("invites a reply only where one is received", () => {
    const invite = "You can also just reply to this email.";
    expect(buildNotificationEmail(input).text).toContain(invite);
    expect(buildNotificationEmail(input).html).toContain(invite);
    // From an address no email channel receives at, a reply would bounce.
    const unreplyable = buildNotificationEmail({ ...input, replyable: false });
    expect(unreplyable.text).not.toContain("reply");
    expect(unreplyable.html).not.toContain("reply");
    expect(unreplyable.text).toContain("The links work until 2026-02-01.\n");
  });

  it("does not stack Re: on a subject that has one", () => {
    expect(buildNotificationEmail({ ...input, signal: { ...input.signal, title: "RE: Export fails" } }).subject).toBe(
      "RE: Export fails",
    );
  });

  it("sends a fresh email for a signal from another channel", () => {
    const email = buildNotificationEmail({
      ...input,
      signal: { title: "Export fails", threadRef: "https://forum.example/t/1", channelKind: "forum" },
    });
    expect(email.subject).toBe("Fixed in Ledger 2.4.0: Export fails");
    expect(email).not.toHaveProperty("inReplyTo");
    // Not a reply: it names only the thread it starts, which a reply names back (threadIdFor).
    expect(email.references).toBe("<loopwork.thread.notification.01890a5d-ac96-774b-bcce-b302099a8057@loop.example>");
  });

  it("follows a fresh notification up in its thread when the fix is rolled back", () => {
    const widget = { title: "Export fails", threadRef: null, channelKind: "widget" };
    const email = buildRolledBackEmail({
      ...input,
      idempotencyKey: "follow-up:01890a5d-ac96-774b-bcce-b302099a8057",
      notificationKey: input.idempotencyKey,
      signal: widget,
    });
    const notification = "<loopwork.notification.01890a5d-ac96-774b-bcce-b302099a8057@loop.example>";
    expect(email.inReplyTo).toBe(notification);
    expect(email.references).toBe(
      `<loopwork.thread.notification.01890a5d-ac96-774b-bcce-b302099a8057@loop.example> ${notification}`,
    );
  });

  it("derives the same Message-ID from the same key, another from another", () => {
    expect(buildNotificationEmail(input).messageId).toBe(buildNotificationEmail(input).messageId);
    expect(messageIdFor(input.idempotencyKey, input.from)).toBe(
      "<loopwork.notification.01890a5d-ac96-774b-bcce-b302099a8057@loop.example>",
    );
    expect(messageIdFor("notification:other", input.from)).not.toBe(messageIdFor(input.idempotencyKey, input.from));
    expect(messageIdFor("k", "bare")).toBe("<loopwork.k@loopwork.invalid>");
  });

  it("normalises thread refs to exactly one pair of brackets", () => {
    for (const ref of ["<a@b>", "a@b", " <<a@b>> ", "<a@b\r\n>"]) expect(normaliseMessageId(ref)).toBe("<a@b>");
    for (const ref of [null, "", "<>", "<a<b>"]) expect(normaliseMessageId(ref)).toBeNull();
  });

  it("sends from an email channel's own address, under the configured name, when it is a usable address", () => {
    const from = "Loopwork <loopwork@loop.example>";
    const cases: [unknown, string][] = [
      ["support@acme.example", "Loopwork <support@acme.example>"],
      [" help@eu.acme.example ", "Loopwork <help@eu.acme.example>"],
      [undefined, from],
      ["", from],
      ["not an address", from],
      ["a@b.example\r\nBcc: x@evil.example", from],
      ["a@b.example, c@d.example", from],
      ["<a@b.example>", from],
      ["a@localhost", from],
      [42, from],
    ];
    for (const [address, expected] of cases) expect(senderFor(from, address), String(address)).toBe(expected);
    expect(senderFor("loopwork@loop.example", "support@acme.example")).toBe("support@acme.example");
    // A name a header would read as structure stays quoted: "Acme, Support" unquoted is two addresses, and
    // "Loop <x>" unquoted makes x the address.
    expect(senderFor('"Acme, Support" <x@loop.example>', "support@acme.example")).toBe(
      '"Acme, Support" <support@acme.example>',
    );
    expect(senderFor('"Loop <x>" <x@loop.example>', "support@acme.example")).toBe('"Loop <x>" <support@acme.example>');
    expect(senderFor('"Say \\"hi\\"" <x@loop.example>', "support@acme.example")).toBe(
      '"Say \\"hi\\"" <support@acme.example>',
    );
  });
});
