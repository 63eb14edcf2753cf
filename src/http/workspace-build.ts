import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** The repository's root: web/ and the lock file sit there, whether run from a clone or an npm install. */
export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Where the workspace is built (gitignored); the web role serves it under /app/. */
export const workspaceFolder = join(projectRoot, "web", "dist");
const stampFile = "build-stamp.json";
/** The first page's JavaScript budget, gzipped (issue 10). */
export const firstPageBudget = 250 * 1024;

/** What a build left behind: the hash of the sources it was built from and what the first page loads. */
export interface BuildStamp {
  hash: string;
  builtAt: string;
  firstPageJsGzipBytes: number;
}

/**
 * A hash of everything the build reads: web/ (without its output), the files outside web/ that it
 * imports (src/core's helpers shared with the server, e.g. percent.ts) and the lock file (library versions).
 */
export function sourcesHash(root = projectRoot): string {
  const hash = createHash("sha256");
  const add = (path: string) => hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
  const web = join(root, "web");
  const outside = new Set<string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      // The build's output (web/dist, and a build in progress beside it) is not a source.
      if (relative(root, path).startsWith(join("web", "dist")) || name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else {
        add(path);
        for (const imported of importsOutside(path, web)) outside.add(imported);
      }
    }
  };
  walk(web);
  // What those files import in turn (a shared helper's own helpers), once each, in a stable order.
  // (A Set visits what is added while it is iterated.)
  for (const path of outside) for (const imported of importsOutside(path, web)) outside.add(imported);
  for (const path of [...outside].sort()) add(path);
  hash.update(readFileSync(join(root, "package-lock.json")));
  return hash.digest("hex");
}

/** The files outside web/ that a source file imports by a relative path (`../../../src/core/percent`). */
function importsOutside(file: string, web: string): string[] {
  if (!/\.[cm]?[jt]sx?$/.test(file)) return [];
  const found: string[] = [];
  for (const [, specifier = ""] of readFileSync(file, "utf8").matchAll(/\bfrom\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    const base = resolve(dirname(file), specifier);
    if (!relative(web, base).startsWith("..")) continue;
    // As the bundler resolves it: the path itself, with an extension, or a .js written for a .ts file.
    const candidates = [base, `${base}.ts`, `${base}.tsx`, base.replace(/\.js$/, ".ts"), join(base, "index.ts")];
    const path = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (path) found.push(path);
  }
  return found;
}

/** The stamp of the current build, or undefined when there is none. */
export function readStamp(folder = workspaceFolder): BuildStamp | undefined {
  const file = join(folder, stampFile);
  if (!existsSync(file) || !existsSync(join(folder, "index.html"))) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BuildStamp;
  } catch {
    return undefined;
  }
}

/**
 * Builds the workspace when it is missing or was built from other sources (npm runs no install script
 * here, so the first `npm start` builds it). Returns the stamp; `progress` hears each step.
 */
export async function ensureWorkspaceBuilt(
  progress: (line: string) => void = () => {},
  options: { force?: boolean } = {},
): Promise<BuildStamp> {
  const hash = sourcesHash();
  const stamp = readStamp();
  if (!options.force && stamp?.hash === hash) return stamp;
  progress(
    !stamp
      ? "Building the workspace (web/ → web/dist), once after an install: this takes a few seconds…"
      : stamp.hash === hash
        ? "Building the workspace (web/ → web/dist)…"
        : "The workspace's sources changed since it was built: building it again (web/ → web/dist)…",
  );
  const started = Date.now();
  // Imported only when building: serving a built workspace needs none of vite.
  const { build } = await import("vite");
  // Vite builds React's development bundle when NODE_ENV says otherwise (vitest sets "test"): the stamp
  // would then hand that slower, larger build to `npm start`. A build is always a production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  // Built aside and moved in place whole: a process starting meanwhile never serves half a build.
  const aside = `${workspaceFolder}-${process.pid}-${Date.now()}`;
  let built: BuildStamp;
  try {
    await build({
      configFile: join(projectRoot, "web", "vite.config.ts"),
      logLevel: "warn",
      plugins: [buildProgress(progress)],
      build: { outDir: aside },
    });
    built = { hash, builtAt: new Date().toISOString(), firstPageJsGzipBytes: firstPageJs(aside) };
    writeFileSync(join(aside, stampFile), `${JSON.stringify(built, null, 2)}\n`);
    rmSync(workspaceFolder, { recursive: true, force: true });
    try {
      renameSync(aside, workspaceFolder);
    } catch (error) {
      // Another process starting at the same moment moved its build in first: the same sources serve.
      if (readStamp()?.hash !== hash) throw error;
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(aside, { recursive: true, force: true });
  }
  const kb = (built.firstPageJsGzipBytes / 1024).toFixed(1);
  progress(
    `Built the workspace in ${((Date.now() - started) / 1000).toFixed(1)} s; the first page loads ${kb} KB of JavaScript gzipped (budget ${firstPageBudget / 1024} KB).`,
  );
  return built;
}

/** A vite plugin that reports how far the build is, every 200 modules, so a first start never looks stuck. */
function buildProgress(progress: (line: string) => void) {
  let modules = 0;
  return {
    name: "loopwork-progress",
    transform() {
      modules += 1;
      if (modules % 200 === 0) progress(`  …${modules} modules compiled`);
      return null;
    },
    generateBundle() {
      progress(`  …${modules} modules compiled, writing the bundle`);
    },
  };
}

/**
 * The gzipped size of the JavaScript the first page loads: the scripts index.html names and the chunks
 * they import statically (a lazily loaded route's chunk is not counted: it loads when opened).
 */
export function firstPageJs(folder: string): number {
  const html = readFileSync(join(folder, "index.html"), "utf8");
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(join(folder, file))) return;
    seen.add(file);
    const code = readFileSync(join(folder, file), "utf8");
    // Static imports between chunks: `import … from "./x.js"` or `import "./x.js"` (dynamic import() is skipped).
    for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      visit(join("assets", match[1] ?? ""));
    }
  };
  for (const match of html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)) visit(match[1] ?? "");
  let total = 0;
  for (const file of seen) total += gzipSync(readFileSync(join(folder, file))).length;
  return total;
}
