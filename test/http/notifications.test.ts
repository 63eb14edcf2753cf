import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { sharedComponentWorld } from "../helpers/chain-world.js";
import { serverUrl } from "../helpers/db.js";

type Row = Record<string, unknown> & { id: string };
type Page = { items: Row[]; nextCursor: string | null };

let app: TestApp;
let w: Awaited<ReturnType<typeof sharedComponentWorld>>;
beforeAll(async () => {
  app = await startTestApp();
  w = await sharedComponentWorld(app.db);
});
afterAll(async () => app?.stop());

const get = async <T = Page>(path: string, as = app.adminCredential) => {
  const response = await app.call<T>("GET", path, undefined, {}, as);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return response.body;
};
const emails = (page: Page) => page.items.map((n) => n.contactEmail).sort();

describe(`notifications, deployments and the outbox name who and what (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("lists notifications newest first, filtered by deployment, contact, pattern, status and answer", async () => {
    expect(emails(await get(`/notifications?deploymentId=${w.deployA.id}`))).toEqual([
      "ana@example.com",
      "bo@example.com",
      "dan@example.com",
    ]);
    expect(emails(await get(`/notifications?deploymentId=${w.deployB.id}`))).toEqual([
      "cy@example.com",
      "dan@example.com",
    ]);
    const dans = await get(`/notifications?contactId=${w.signals.dan?.contactId}`);
    expect(dans.items.map((n) => n.patternTitle).sort()).toEqual(["Crash on sync", "Export times out"]);
    const all = await get("/notifications");
    expect(all.items.map((n) => n.id)).toEqual(
      all.items
        .map((n) => n.id)
        .sort()
        .reverse(),
    );
    expect(all.items).toHaveLength(5);
    const first = await get("/notifications?limit=2");
    const rest = await get(`/notifications?limit=10&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((n) => n.id)).toEqual(all.items.map((n) => n.id));
    expect((await get(`/notifications?patternId=${w.patterns.crashOnSync.id}&status=queued`)).items).toHaveLength(2);
    expect((await get("/notifications?answer=works")).items).toEqual([]);
    expect((await app.call("GET", "/notifications?status=lost")).status).toBe(400);

    const one = await get<Row>(`/notifications/${first.items[0]?.id}`);
    expect(one).toMatchObject({ id: first.items[0]?.id, status: "queued", contactEmail: expect.any(String) });
    expect(typeof one.leadTimeSeconds).toBe("number");
  });

  it("shows a token bound to another loop none of them", async () => {
    const other = await app.call<Row>("POST", "/loops", { slug: "elsewhere", name: "Elsewhere" });
    const bound = await app.call<{ token: string }>("POST", "/tokens", {
      name: "elsewhere",
      scope: "read",
      loopId: other.body.id,
    });
    const as = { token: bound.body.token };
    expect((await get("/notifications", as)).items).toEqual([]);
    const id = (await get("/notifications?limit=1")).items[0]?.id;
    expect((await app.call("GET", `/notifications/${id}`, undefined, {}, as)).status).toBe(404);
  });

  it("gives deployments their product and release, and filters them by product", async () => {
    const desktop = await get(`/deployments?productId=${w.productB.id}`);
    expect(desktop.items.map((d) => d.id).sort()).toEqual([w.stagingB.id, w.deployB.id].sort());
    expect(desktop.items[0]).toMatchObject({
      productId: w.productB.id,
      productSlug: w.productB.slug,
      releaseName: "5.2.0",
    });
    expect(await get<Row>(`/deployments/${w.deployA.id}`)).toMatchObject({ productSlug: w.productA.slug });
  });

  it("names each outbox row's recipient and pattern", async () => {
    const outbox = await get("/outbox");
    const rows = outbox.items.map((o) => [
      (o.recipient as Row).email,
      (o.recipient as Row).contactId,
      (o.pattern as Row).title,
    ]);
    expect(rows).toContainEqual(["ana@example.com", w.signals.ana?.contactId, "Export times out"]);
    expect(rows).toContainEqual(["cy@example.com", w.signals.cy?.contactId, "Crash on sync"]);
    expect(rows).toHaveLength(5);
  });

  it("lists them from the CLI, and the CLI's trace names each release's product", { timeout: 60_000 }, async () => {
    const token = app.adminToken;
    const [notifications, deployments, traced] = await Promise.all([
      runCli(app.url, ["notification", "list", "--deployment", w.deployB.id], { token }),
      runCli(app.url, ["deployment", "list", "--product", String(w.productB.slug), "--environment", "production"], {
        token,
      }),
      runCli(app.url, ["trace", "deployment", w.deployB.id], { token }),
    ]);
    expect(notifications.stderr).toBe("");
    expect(notifications.stdout).toMatch(/queued\s+-\s+cy@example\.com\s+Crash on sync/);
    expect(notifications.stdout).not.toContain("ana@example.com");
    expect(deployments.stdout).toContain(`${w.productB.slug}@5.2.0`);
    expect(deployments.stdout).toContain(w.deployB.id);
    expect(deployments.stdout).not.toContain(w.stagingB.id);
    expect(traced.stdout).toContain(`deploys release ${w.productB.slug}@5.2.0 (Desktop)`);
    expect(traced.stdout).toContain("notifications (2)");
    expect(traced.stdout).not.toContain("ana@example.com");
    // From a signal, each deployment hangs under the release it deployed.
    const dan = await runCli(app.url, ["trace", "signal", String(w.signals.dan?.id)], { token });
    expect(dan.stdout).toMatch(
      /included in release web-\S+@7\.0\.0 \(Web\).*\n.*deployed as deployment web-\S+@7\.0\.0 to production/,
    );
  });
});
