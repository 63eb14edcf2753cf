import { describe, expect, it } from "vitest";
import { mapPayload, payloadMapping, valueAt } from "./map-payload.js";

// A support desk's ticket webhook, as such tools send them.
const ticket = {
  ticket: {
    id: 4812,
    subject: "Invoices PDF is blank",
    description: "Since yesterday every invoice PDF downloads empty.\n\nThanks, Mia",
    priority: "P1",
    requester: { email: "mia@customer.example", name: "Mia", "org/name": "Acme" },
    tags: ["billing", "pdf"],
  },
};

describe("valueAt (RFC 6901)", () => {
  it.each([
    ["", ticket],
    ["/ticket/id", 4812],
    ["/ticket/tags/1", "pdf"],
    ["/ticket/requester/org~1name", "Acme"],
    ["/ticket/tags/2", undefined],
    ["/ticket/missing/deeper", undefined],
    ["/ticket/subject/length", undefined],
  ])("%s", (path, expected) => {
    expect(valueAt(ticket, path)).toEqual(expected);
  });
});

describe("mapPayload", () => {
  const mapping = payloadMapping.parse({
    title: "/ticket/subject",
    body: "/ticket/description",
    contactEmail: "/ticket/requester/email",
    contactName: "/ticket/requester/name",
    account: "/ticket/requester/org~1name",
    urgency: "/ticket/priority",
    urgencyValues: { P1: "critical", P2: "high" },
    externalId: "/ticket/id",
  });

  it("reads each field where the mapping says", () => {
    expect(mapPayload(mapping, ticket)).toEqual({
      title: "Invoices PDF is blank",
      body: ticket.ticket.description,
      urgency: "critical",
      externalId: "4812",
      contact: { email: "mia@customer.example", name: "Mia", account: "Acme" },
      raw: ticket,
    });
  });

  it("titles a body without a subject by its first line, and leaves out what is not there", () => {
    const mapped = mapPayload(payloadMapping.parse({ body: "/text", urgency: "/level" }), {
      text: "\nExport hangs at 99%\nmore",
      level: "HIGH",
    });
    expect(mapped).toMatchObject({ title: "Export hangs at 99%", urgency: "high" });
    expect(mapped).not.toHaveProperty("contact");
    expect(mapped).not.toHaveProperty("externalId");
  });

  it("refuses a mapping that maps neither title nor body, or is not made of pointers", () => {
    expect(payloadMapping.safeParse({ contactEmail: "/email" }).success).toBe(false);
    expect(payloadMapping.safeParse({ title: "ticket.subject" }).success).toBe(false);
  });
});
