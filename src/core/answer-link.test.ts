import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { answerLink, answerLinks, signAnswerToken, verifyAnswerToken } from "./answer-link.js";
import { AppError } from "./errors.js";

const secret = randomBytes(32);
const now = Date.UTC(2026, 0, 1);
const claims = { notificationId: randomUUID(), answer: "works" as const, expiresAt: now / 1000 + 3600 };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return "accepted";
}

describe("answer links", () => {
  it("verify to the claims they were signed with", () => {
    const token = signAnswerToken(secret, claims);
    expect(verifyAnswerToken(secret, token, now)).toEqual(claims);
    expect(verifyAnswerToken(secret, signAnswerToken(secret, { ...claims, answer: "still_broken" }), now).answer).toBe(
      "still_broken",
    );
  });

  it("refuse a token with any one of its parts replaced", () => {
    const [id, answer, expiry, signature] = signAnswerToken(secret, claims).split(".");
    const forged = [
      [randomUUID(), answer, expiry, signature],
      [id, "still_broken", expiry, signature],
      [id, answer, String(Number(expiry) + 86_400), signature],
      [id, answer, expiry, signAnswerToken(secret, { ...claims, answer: "still_broken" }).split(".")[3]],
      [id, answer, expiry, ""],
      [id, answer, expiry],
      [id, answer, expiry, signature, signature],
    ];
    for (const parts of forged)
      expect(codeOf(() => verifyAnswerToken(secret, parts.join("."), now))).toBe("invalid_signature");
  });

  it("refuse a token with any single character changed", () => {
    const token = signAnswerToken(secret, claims);
    for (let i = 0; i < token.length; i++) {
      // Two replacements per position: one of them differs from the original in its high bits too.
      for (const replacement of ["0", "x"]) {
        if (token[i] === replacement) continue;
        const forged = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(
          codeOf(() => verifyAnswerToken(secret, forged, now)),
          `position ${i}`,
        ).toBe("invalid_signature");
      }
    }
  });

  it("refuse a signature spelled differently that decodes to the same bytes", () => {
    const token = signAnswerToken(secret, claims);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // 32 bytes take 43 characters; the last one carries 4 bits, its 2 low bits are ignored on decoding.
    const last = alphabet.indexOf(token.at(-1) ?? "");
    const twin = alphabet[last ^ 1] ?? "";
    const forged = token.slice(0, -1) + twin;
    expect(Buffer.from(forged.split(".")[3] ?? "", "base64url")).toEqual(
      Buffer.from(token.split(".")[3] ?? "", "base64url"),
    );
    expect(codeOf(() => verifyAnswerToken(secret, forged, now))).toBe("invalid_signature");
    expect(codeOf(() => verifyAnswerToken(secret, `${token}=`, now))).toBe("invalid_signature");
  });

  it("refuse a token signed with another secret", () => {
    const token = signAnswerToken(randomBytes(32), claims);
    expect(codeOf(() => verifyAnswerToken(secret, token, now))).toBe("invalid_signature");
  });

  it("refuse an authentic token once it has expired", () => {
    const token = signAnswerToken(secret, claims);
    expect(codeOf(() => verifyAnswerToken(secret, token, claims.expiresAt * 1000 - 1))).toBe("accepted");
    expect(codeOf(() => verifyAnswerToken(secret, token, claims.expiresAt * 1000))).toBe("link_expired");
  });

  it("refuse garbage without throwing anything but invalid_signature", () => {
    for (const garbage of ["", ".", "...", "a.b.c.d", `${claims.notificationId}.works.1e9.abc`, "%00".repeat(40)]) {
      expect(codeOf(() => verifyAnswerToken(secret, garbage, now))).toBe("invalid_signature");
    }
  });

  it("build links under the public URL, with or without a trailing slash", () => {
    expect(answerLink("https://loop.example/", "t")).toBe("https://loop.example/answers/t");
    const links = answerLinks(secret, "https://loop.example", claims.notificationId, claims.expiresAt);
    expect(links.works).toMatch(/^https:\/\/loop\.example\/answers\/[\w.-]+$/);
    const token = (link: string) => link.split("/answers/")[1] ?? "";
    expect(verifyAnswerToken(secret, token(links.works), now).answer).toBe("works");
    expect(verifyAnswerToken(secret, token(links.stillBroken), now).answer).toBe("still_broken");
  });
});
