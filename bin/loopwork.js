#!/usr/bin/env node
// Loopwork runs from its TypeScript sources: tsx compiles them on the fly, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
