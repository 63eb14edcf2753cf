import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-rules.js";

const carla = { email: "carla.mendes@customer.example", name: "Carla Mendes" };

describe("passwordProblem", () => {
  it.each([
    ["twelve spaces", " ".repeat(12), /only spaces/],
    ["tabs and spaces", "\t \t      \t  ", /only spaces/],
    ["a common password", "password1234", /too easy to guess/],
    ["a keyboard walk", "qwertyuiop123", /too easy to guess/],
    ["a leaked favourite", "iloveyou2024!", /too easy to guess/],
    ["a word with digits", "letmein123456", /too easy to guess/],
    ["the person's own email", "carla.mendes@customer.example", /your own email address or name/],
    ["the email's local part", "carla.mendes-2024!", /your own email address or name/],
    ["the person's name, in other case", "CARLAMENDES-secret", /your own email address or name/],
    ["a word of the name", "xx-Mendes-unguessable-42", /your own email address or name/],
    ["too short", "Ab3$kq", /at least 12/],
  ])("refuses %s", async (_, password, problem) => {
    expect(await passwordProblem(password, carla)).toMatch(problem);
  });

  it.each(["a long enough password", "correct horse battery", "7hk2-pq9x-mm4v", "sunshine-banana-42"])(
    "takes %s",
    async (password) => {
      expect(await passwordProblem(password, carla)).toBeUndefined();
    },
  );
});
