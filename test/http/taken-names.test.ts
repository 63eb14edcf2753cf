import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { ok, productWithComponent } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe(`a name or number taken within its component or product (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("is refused in words, naming what has it, not the key's columns and ids", async () => {
    const { id: loopId } = await ok(app, "POST", "/loops", { slug: uniqueSlug("loop"), name: "L" });
    const { component, product } = await productWithComponent(app, loopId);
    const taken = [
      [
        "/versions",
        { componentId: component.id, name: "2.4.0" },
        "This component already has a version with name 2.4.0.",
      ],
      [
        "/releases",
        { productId: product.id, name: "2026.11" },
        "This product already has a release with name 2026.11.",
      ],
      [
        "/issues",
        { componentId: component.id, title: "A", number: 5 },
        "This component already has an issue with number 5.",
      ],
      [
        "/pull-requests",
        { componentId: component.id, title: "B", number: 5 },
        "This component already has a pull request with number 5.",
      ],
    ] as const;
    for (const [path, body, message] of taken) {
      await ok(app, "POST", path, body);
      const again = await app.call<{ error: unknown }>("POST", path, body);
      expect({ path, status: again.status, error: again.body.error }).toEqual({
        path,
        status: 409,
        error: { code: "conflict", message, path: "number" in body ? "body.number" : "body.name" },
      });
    }
    // A pipeline cutting the same version twice reads why in one line.
    const cli = await runCli(app.url, ["version", "--component", component.slug, "--name", "2.4.0"], {
      token: app.adminToken,
    });
    expect([cli.code, cli.stderr.trim()]).toEqual([
      1,
      "error conflict: This component already has a version with name 2.4.0. (body.name)",
    ]);
    // A key of one column still names it: the slug.
    const slug = await app.call<{ error: { message: string } }>("POST", "/components", {
      slug: component.slug,
      name: "Again",
    });
    expect(slug.body.error.message).toBe(`slug ${component.slug} is already taken.`);
  });
});
