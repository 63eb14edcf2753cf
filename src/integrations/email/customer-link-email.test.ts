import { describe, expect, it } from "vitest";
import { buildCustomerLinkEmail } from "./customer-link-email.js";

const input = {
  idempotencyKey: "customer_link:01890a5d-ac96-774b-bcce-b302099a8057:2961234",
  from: "Loopwork <loopwork@loop.example>",
  contact: { name: "Ada\r\n<Lovelace>", email: "ada@mail.example" },
  link: "https://loop.example/customer/a.1.s?x=1&y=2",
  expiresAt: new Date("2026-02-01T00:00:00Z"),
};

describe("customer link email", () => {
  it("is a fresh email carrying the link and its expiry, escaped in html", () => {
    const email = buildCustomerLinkEmail(input);
    expect(email).not.toHaveProperty("inReplyTo");
    expect(email.to).toEqual({ name: "Ada <Lovelace>", address: "ada@mail.example" });
    expect(email.text).toContain(`  ${input.link}\n`);
    expect(email.text).toContain("2026-02-01");
    expect(email.html).toContain('href="https://loop.example/customer/a.1.s?x=1&amp;y=2"');
    expect(email.html).toContain("Ada &lt;Lovelace&gt;");
    expect(email.headers["Auto-Submitted"]).toBe("auto-generated");
  });

  it("keeps one Message-ID per outbox key", () => {
    expect(buildCustomerLinkEmail(input).messageId).toBe(
      "<loopwork.customer_link.01890a5d-ac96-774b-bcce-b302099a8057.2961234@loop.example>",
    );
  });
});
