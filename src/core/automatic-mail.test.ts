import { describe, expect, it } from "vitest";
import { automaticReason } from "./automatic-mail.js";

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
