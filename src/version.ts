import { readFileSync } from "node:fs";

/** Loopwork's version, as package.json gives it: `loopwork --version` prints it, the OpenAPI document carries it. */
export const loopworkVersion: string = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
).version;
