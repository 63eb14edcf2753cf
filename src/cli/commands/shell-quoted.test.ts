import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellQuoted } from "./pattern.js";

describe("shellQuoted", () => {
  it.each(["Sync loses edits", "Costs $HOME and `date` and $(id)", 'It\'s "broken"; rm -rf / #', "'''", ""])(
    "a shell reads %j back as written",
    (title) => {
      expect(execFileSync("/bin/sh", ["-c", `printf %s ${shellQuoted(title)}`], { encoding: "utf8" })).toBe(title);
    },
  );
});
