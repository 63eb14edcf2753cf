import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { firstPageJs } from "../../src/http/workspace-build.js";

test("the first page's JavaScript counts the entry and the chunks it imports statically, not lazy routes", () => {
  const folder = mkdtempSync(join(tmpdir(), "workspace-"));
  mkdirSync(join(folder, "assets"));
  const entry = 'import{a as b}from"./shared-1.js";const c=()=>import("./lazy-2.js");console.log(b,c)';
  const shared = `export const a=${JSON.stringify("x".repeat(500))}`;
  writeFileSync(join(folder, "assets", "index-0.js"), entry);
  writeFileSync(join(folder, "assets", "shared-1.js"), shared);
  writeFileSync(join(folder, "assets", "lazy-2.js"), "y".repeat(50_000));
  writeFileSync(join(folder, "index.html"), '<script type="module" crossorigin src="/app/assets/index-0.js"></script>');
  expect(firstPageJs(folder)).toBe(gzipSync(entry).length + gzipSync(shared).length);
});
