import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { firstPageJs, sourcesHash } from "../../src/http/workspace-build.js";

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

test("the build is stale when a source under web/ or the lock file changes, not when its own output does", () => {
  const root = mkdtempSync(join(tmpdir(), "workspace-root-"));
  mkdirSync(join(root, "web", "src"), { recursive: true });
  mkdirSync(join(root, "web", "dist"));
  writeFileSync(join(root, "package-lock.json"), "{}");
  writeFileSync(join(root, "web", "src", "main.tsx"), "one");
  const first = sourcesHash(root);
  writeFileSync(join(root, "web", "dist", "index.html"), "built");
  expect(sourcesHash(root)).toBe(first);
  writeFileSync(join(root, "web", "src", "main.tsx"), "two");
  const second = sourcesHash(root);
  expect(second).not.toBe(first);
  writeFileSync(join(root, "package-lock.json"), '{"a":1}');
  expect(sourcesHash(root)).not.toBe(second);
});
