import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signAnswerToken } from "./answer-link.js";
import { customerLink, signCustomerToken, verifyCustomerToken } from "./customer-link.js";
import { AppError } from "./errors.js";

const secret = randomBytes(32);
const now = Date.UTC(2026, 0, 1);
const claims = { contactId: randomUUID(), expiresAt: now / 1000 + 3600 };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return "accepted";
}

describe("customer links", () => {
  it("verify to the claims they were signed with", () => {
    expect(verifyCustomerToken(secret, signCustomerToken(secret, claims), now)).toEqual(claims);
  });

  it("refuse a token with any one of its parts replaced, added or dropped", () => {
    const [id, expiry, signature] = signCustomerToken(secret, claims).split(".");
    const other = signCustomerToken(secret, { ...claims, contactId: randomUUID() }).split(".")[2];
    const forged = [
      [randomUUID(), expiry, signature],
      [id, String(Number(expiry) + 86_400), signature],
      [id, expiry, other],
      [id, expiry, ""],
      [id, expiry],
      [id, expiry, signature, signature],
    ];
    for (const parts of forged) {
      expect(codeOf(() => verifyCustomerToken(secret, parts.join("."), now))).toBe("invalid_signature");
    }
  });

  it("refuse a token with any character changed, anywhere (property)", () => {
    const token = signCustomerToken(secret, claims);
    const alphabet = "0123456789abcdefABCDEF-_.xyz=+/ ";
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, replacement) => {
        fc.pre(token[at] !== replacement);
        const forged = token.slice(0, at) + replacement + token.slice(at + 1);
        // A twin spelling of the last base64url character decodes to the same bytes: refused as well.
        expect(codeOf(() => verifyCustomerToken(secret, forged, now))).toBe("invalid_signature");
      }),
      { numRuns: 500 },
    );
  });

  it("refuse any random text, never throwing anything but invalid_signature (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(codeOf(() => verifyCustomerToken(secret, text, now))).toBe("invalid_signature");
      }),
    );
  });

  it("refuse a token signed with another secret, and an answer link signed with the same one", () => {
    expect(codeOf(() => verifyCustomerToken(secret, signCustomerToken(randomBytes(32), claims), now))).toBe(
      "invalid_signature",
    );
    const answer = signAnswerToken(secret, { notificationId: claims.contactId, answer: "works", ...claims });
    const [id, , expiry, signature] = answer.split(".");
    expect(codeOf(() => verifyCustomerToken(secret, `${id}.${expiry}.${signature}`, now))).toBe("invalid_signature");
  });

  it("refuse an authentic token once it has expired", () => {
    const token = signCustomerToken(secret, claims);
    expect(codeOf(() => verifyCustomerToken(secret, token, claims.expiresAt * 1000 - 1))).toBe("accepted");
    expect(codeOf(() => verifyCustomerToken(secret, token, claims.expiresAt * 1000))).toBe("link_expired");
  });

  it("refuse to sign what could not be verified", () => {
    expect(() => signCustomerToken(secret, { ...claims, contactId: "ABC" })).toThrow();
    expect(() => signCustomerToken(secret, { ...claims, expiresAt: 1.5 })).toThrow();
  });

  it("point at the customer page of the public address", () => {
    expect(customerLink("https://loop.example/", "t.1.s")).toBe("https://loop.example/customer/t.1.s");
  });
});
