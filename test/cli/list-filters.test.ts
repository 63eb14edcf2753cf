import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel, ok, productWithComponent } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { cliJsonHere, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Page = { items: { id: string }[] };

describe("list filters", { timeout: 60_000 }, () => {
  it("take a release, a version and a contact as the other commands name them, and keep only theirs", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const { component, product } = await productWithComponent(app, loop.id);
    const pr = await ok(app, "POST", "/pull-requests", { componentId: component.id, title: "Fix" });
    await ok(app, "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
    const first = await ok(app, "POST", "/versions", { componentId: component.id, name: "1.0.0" });
    const second = await ok(app, "POST", "/versions", { componentId: component.id, name: "1.0.1" });
    const older = await ok(app, "POST", "/releases", { productId: product.id, name: "1", versionIds: [first.id] });
    const newer = await ok(app, "POST", "/releases", { productId: product.id, name: "2", versionIds: [second.id] });
    const deployed = [];
    for (const releaseId of [older.id, newer.id]) {
      const body = { releaseId, environment: "staging", status: "success" };
      deployed.push((await ok<{ deployment: { id: string } }>(app, "POST", "/deployments", body)).deployment.id);
    }
    const ana = `${uniqueSlug("ana")}@customer.example`;
    const hers = await ok(app, "POST", "/signals", { channelId: channel.id, contact: { email: ana }, title: "Hers" });
    await ok(app, "POST", "/signals", { channelId: channel.id, contact: { email: `o-${ana}` }, title: "Another's" });

    const token = app.adminToken;
    const ids = async (args: string[]) => (await cliJsonHere<Page>(app.url, args, { token })).items.map((e) => e.id);
    // `release --version` and `version --pr` take several: the list's filter of the same name went to them, unread.
    expect(await ids(["release", "list", "--version", `${component.slug}@1.0.0`])).toEqual([older.id]);
    expect(await ids(["release", "list", "--version", second.id])).toEqual([newer.id]);
    expect(await ids(["version", "list", "--pr", pr.id])).toEqual([first.id]);
    expect(await ids(["deployment", "list", "--release", `${product.slug}@1`])).toEqual([deployed[0]]);
    expect(await ids(["deploy", "list", "--release", `${product.slug}@2`])).toEqual([deployed[1]]);
    expect(await ids(["signal", "list", "--contact", ana])).toEqual([hers.id]);
    // A loop's signals by its slug: this loop's channel holds the two.
    expect((await ids(["signal", "list", "--loop", loop.slug])).sort()).toEqual(
      (await ids(["signal", "list", "--channel", channel.id])).sort(),
    );
    expect(await ids(["signal", "list", "--loop", loop.slug, "--contact", ana])).toEqual([hers.id]);

    const two = await runCli(app.url, ["release", "list", "--version", first.id, second.id], { token });
    expect(two).toMatchObject({ code: 2, stdout: "" });
    expect(two.stderr).toBe("error usage: --version takes one value here, not 2. (--version)\n");
    const unknown = await runCliHere(app.url, ["deployment", "list", "--release", `${product.slug}@9`], { token });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`error not_found: Product ${product.slug} has no release 9. (--release)\n`);
  });
});

describe("outbox list", { timeout: 60_000 }, () => {
  it("offers the filters GET /outbox takes, and no other (a --kind it refused, whatever was given)", async () => {
    const token = app.adminToken;
    const cancelled = await runCliHere(app.url, ["outbox", "list", "--status", "cancelled"], { token });
    expect(cancelled, cancelled.stderr).toMatchObject({ code: 0 });
    const kind = await runCliHere(app.url, ["outbox", "list", "--kind", "notification"], { token });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/^error usage: unknown option '--kind'/);
  });

  it("retry says what it retries as the API does: a dead item only (a waiting one is refused)", async () => {
    const help = await runCliHere(app.url, ["outbox", "retry", "--help"], { token: app.adminToken });
    expect(help.stdout).toContain("Deliver a dead item again, now");
    expect(help.stdout).not.toContain("waiting");
  });
});

describe("env list", { timeout: 60_000 }, () => {
  it("says the order it lists in: by name, not newest first (an environment is keyed by its name)", async () => {
    const token = app.adminToken;
    await ok(app, "POST", "/environments", { name: "a-canary", production: false });
    const listed = await cliJsonHere<{ items: { name: string }[] }>(app.url, ["env", "list"], { token });
    expect(listed.items.map((e) => e.name)).toEqual(["staging", "production", "a-canary"]);
    const help = await runCliHere(app.url, ["env", "list", "--help"], { token });
    expect(help.stdout).toContain("List environments, by name, from z to a");
  });
});
