#!/usr/bin/env node
// Runs one TypeScript file (benchmarks, scripts) with the same on-the-fly compilation as the CLI.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const [file, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(resolve(file)).href);
