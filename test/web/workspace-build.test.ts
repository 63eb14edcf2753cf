import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { firstPageJs, sourcesHash, workspaceFolder } from "../../src/http/workspace-build.js";

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

test("the build is stale when a file outside web/ that the workspace imports changes (a shared src/core helper)", () => {
  const root = mkdtempSync(join(tmpdir(), "workspace-root-"));
  mkdirSync(join(root, "web", "src", "ui"), { recursive: true });
  mkdirSync(join(root, "src", "core"), { recursive: true });
  writeFileSync(join(root, "package-lock.json"), "{}");
  writeFileSync(join(root, "web", "src", "ui", "format.ts"), 'export { percent } from "../../../src/core/percent";\n');
  writeFileSync(
    join(root, "src", "core", "percent.ts"),
    'import { x } from "./helper.js";\nexport const percent = x;\n',
  );
  writeFileSync(join(root, "src", "core", "helper.ts"), "export const x = 1;\n");
  writeFileSync(join(root, "src", "core", "unrelated.ts"), "one");
  const first = sourcesHash(root);
  writeFileSync(join(root, "src", "core", "unrelated.ts"), "two");
  expect(sourcesHash(root)).toBe(first);
  writeFileSync(
    join(root, "src", "core", "percent.ts"),
    'import { x } from "./helper.js";\nexport const percent = x + 1;\n',
  );
  const second = sourcesHash(root);
  expect(second).not.toBe(first);
  // What the shared file imports in turn counts too.
  writeFileSync(join(root, "src", "core", "helper.ts"), "export const x = 2;\n");
  expect(sourcesHash(root)).not.toBe(second);
});

test.skipIf(!existsSync(join(workspaceFolder, "assets")))(
  "the built workspace carries React's production build, also when the tests built it (NODE_ENV=test)",
  () => {
    const assets = join(workspaceFolder, "assets");
    const scripts = readdirSync(assets).filter((name) => name.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    // A sentence only React's development build prints.
    const development = scripts.filter((name) =>
      readFileSync(join(assets, name), "utf8").includes("Download the React DevTools"),
    );
    expect(development).toEqual([]);
  },
);
