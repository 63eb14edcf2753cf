import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { serveWorkspace } from "./workspace.js";

const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A built workspace in `folder`: an index naming its one script, and that script. */
function build(folder: string, name: string) {
  mkdirSync(join(folder, "assets"), { recursive: true });
  writeFileSync(join(folder, "assets", `${name}.js`), `console.log(${JSON.stringify(name)});`);
  writeFileSync(
    join(folder, "index.html"),
    `<!doctype html><script type="module" src="/app/assets/${name}.js"></script>`,
  );
}

async function serving(folder: string) {
  const server = Fastify();
  await serveWorkspace(server, folder);
  const get = async (url: string) => {
    const answer = await server.inject({ method: "GET", url });
    return { status: answer.statusCode, body: answer.body };
  };
  return { server, get };
}

describe("serving the workspace", () => {
  it("serves a rebuild made while it runs, without a restart: the new page and the assets it names", async () => {
    const root = mkdtempSync(join(tmpdir(), "loopwork-workspace-"));
    made.push(root);
    const dist = join(root, "dist");
    build(dist, "index-aaaa1111");
    const { server, get } = await serving(dist);
    try {
      expect((await get("/app/patterns")).body).toContain("index-aaaa1111.js");
      // As `npm run build:web` does it: built aside, the old folder removed, the new one moved in place.
      build(join(root, "aside"), "index-bbbb22222222");
      rmSync(dist, { recursive: true });
      expect((await get("/app/")).status).toBe(503);
      renameSync(join(root, "aside"), dist);
      const page = await get("/app/patterns");
      expect(page.body).toContain("index-bbbb22222222.js");
      expect(await get("/app/assets/index-bbbb22222222.js")).toMatchObject({ status: 200 });
      expect(await get("/app/assets/index-aaaa1111.js")).toMatchObject({ status: 404 });
      // Rebuilt in place (vite build into the folder): the same.
      build(dist, "index-cccc3");
      expect((await get("/app/")).body).toContain("index-cccc3.js");
      // Again in place, a page of the same size in the same file: told apart by its time alone.
      build(dist, "index-dddd4");
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dist, "index.html"), later, later);
      expect((await get("/app/")).body).toContain("index-dddd4.js");
    } finally {
      await server.close();
    }
  });

  it("answers 503 until the workspace is built, then the page", async () => {
    const root = mkdtempSync(join(tmpdir(), "loopwork-workspace-"));
    made.push(root);
    const { server, get } = await serving(root);
    try {
      expect((await get("/app/")).status).toBe(503);
      build(root, "index-dddd4444");
      expect(await get("/app/")).toMatchObject({ status: 200, body: expect.stringContaining("index-dddd4444.js") });
    } finally {
      await server.close();
    }
  });
});
