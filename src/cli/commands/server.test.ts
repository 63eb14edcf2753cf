import { describe, expect, it } from "vitest";
import { startFailure } from "./server.js";

const failure = (code: string, message = "listen failed") => Object.assign(new Error(message), { code });

describe("startFailure", () => {
  it.each([
    [failure("EADDRINUSE"), "port 4400 on 0.0.0.0 is in use: stop what listens there, or start with --port."],
    [failure("EACCES"), "port 4400 on 0.0.0.0 may not be used by this user: start with --port above 1023."],
    [
      new Error("The data folder ./.loopwork is in use by another Loopwork process."),
      "The data folder ./.loopwork is in use by another Loopwork process.",
    ],
  ])("%s", (error, said) => {
    expect(startFailure(error, "0.0.0.0", 4400)).toBe(said);
  });
});
