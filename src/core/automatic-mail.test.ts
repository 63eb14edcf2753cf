import { describe, expect, it } from "vitest";
import { automaticReason, isListAt, mailingListOf } from "./automatic-mail.js";

const h = (...lines: string[]) => lines.map((line) => ({ key: line.slice(0, line.indexOf(":")).toLowerCase(), line }));

describe("automatic mail", () => {
  it("takes a person's mail, also one that says Auto-Submitted: no", () => {
    expect(
      automaticReason({ headers: h("Subject: hi"), envelopeFrom: "ana@globex.example", from: "ana@globex.example" }),
    ).toBeNull();
    expect(automaticReason({ headers: h("Auto-Submitted: no"), from: "ana@globex.example" })).toBeNull();
    expect(automaticReason({ headers: h("Precedence: first-class"), from: "ana@globex.example" })).toBeNull();
  });

  it("names why mail is automatic", () => {
    expect(automaticReason({ headers: h("AUTO-SUBMITTED: Auto-Replied") })).toBe("auto_submitted");
    expect(automaticReason({ headers: h("Precedence: junk") })).toBe("precedence");
    expect(automaticReason({ headers: h("List-Post: <mailto:x@l.example>") })).toBe("mailing_list");
    expect(automaticReason({ headers: h("X-Autoreply: yes") })).toBe("autoreply_header");
    expect(automaticReason({ headers: h("Return-Path: < >") })).toBe("empty_return_path");
    expect(automaticReason({ headers: [], envelopeFrom: "" })).toBe("empty_return_path");
    expect(automaticReason({ headers: [], from: "postmaster@mx.example" })).toBe("mailer_daemon");
    expect(
      automaticReason({ headers: h("Content-Type: multipart/report; report-type=disposition-notification") }),
    ).toBe("delivery_report");
  });
});

describe("the channel's own list", () => {
  const group = h(
    "Precedence: list",
    "Mailing-list: list support@acme.example; contact support+owners@acme.example",
    "List-ID: <support.acme.example>",
    "List-Post: <https://groups.google.com/a/acme.example/group/support/post>, <mailto:support@acme.example>",
  );

  it("reads the list's address and id from List-Post, Mailing-list and List-Id", () => {
    expect(mailingListOf(group)).toEqual({ addresses: ["support@acme.example"], ids: ["support.acme.example"] });
    expect(mailingListOf(h("List-Id: Dev <dev.lists.globex.example>"))).toEqual({
      addresses: [],
      ids: ["dev.lists.globex.example"],
    });
    expect(mailingListOf(h("Subject: hi"))).toBeNull();
  });

  it("is the list at an address when List-Post names it or the List-Id spells it", () => {
    const list = mailingListOf(group);
    expect(list && isListAt(list, "Support@acme.example")).toBe(true);
    expect(list && isListAt(list, "sales@acme.example")).toBe(false);
    const byId = mailingListOf(h("List-Id: <help.lists.globex.example>"));
    expect(byId && isListAt(byId, "help@lists.globex.example")).toBe(true);
  });

  it("says nothing of its list headers, but still of an auto-reply or bulk mail", () => {
    expect(automaticReason({ headers: group, ownList: true })).toBeNull();
    expect(automaticReason({ headers: group })).toBe("precedence");
    expect(automaticReason({ headers: [...group, ...h("Auto-Submitted: auto-replied")], ownList: true })).toBe(
      "auto_submitted",
    );
    expect(automaticReason({ headers: h("Precedence: bulk"), ownList: true })).toBe("precedence");
  });
});
