import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../src/jobs/outbox-worker.js";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackWebhook, startLoopbackWebhook } from "../helpers/loopback-webhook.js";

const secretA = "whsec-loop-a-0123456789";
const secretB = "whsec-loop-b-0123456789";
const config = { publicUrl: "https://loop.example", emailFrom: "loopwork@loop.example" };
// Retries come due at once: the test drives every attempt itself, without waiting.
const options = { backoff: { baseMs: 0, capMs: 0 } };
const everything = [
  "signal.created",
  "pattern.addressed",
  "pattern.reopened",
  "improvement.completed",
  "version.created",
  "release.created",
  "deployment.succeeded",
  "deployment.rolled_back",
];

let app: TestApp;
let hookA: LoopbackWebhook;
let hookB: LoopbackWebhook;
beforeAll(async () => {
  [app, hookA, hookB] = await Promise.all([
    startTestApp(),
    startLoopbackWebhook(secretA),
    startLoopbackWebhook(secretB),
  ]);
});
afterAll(async () => {
  await app?.stop();
  await hookA?.close();
  await hookB?.close();
});

/** Runs the outbox until nothing is due; returns how many rows it claimed in all. */
async function drain(): Promise<number> {
  let claimed = 0;
  for (let n = await deliverDue(app.db, config, 50, options); n > 0; n = await deliverDue(app.db, config, 50, options))
    claimed += n;
  return claimed;
}

interface Delivery {
  type: string;
  event: { entityId: string; verb: string };
  data: Record<string, unknown>;
}
const typesOf = (hook: LoopbackWebhook) =>
  hook.received.map((r) => `${(r.json as Delivery).type} ${(r.json as Delivery).event.entityId}`).sort();

/** Two loops whose products share a component, each with a subscription to everything. */
async function twoLoops(tag: string, hooks: { a: LoopbackWebhook; b: LoopbackWebhook }) {
  const loopA = await ok(app, "POST", "/loops", { slug: `a-${tag}`, name: "A" });
  const loopB = await ok(app, "POST", "/loops", { slug: `b-${tag}`, name: "B" });
  const shared = await ok(app, "POST", "/components", { slug: `shared-${tag}`, name: "Shared" });
  const onlyB = await ok(app, "POST", "/components", { slug: `only-b-${tag}`, name: "Only B" });
  const web = await ok(app, "POST", "/products", {
    loopId: loopA.id,
    slug: `web-${tag}`,
    name: "Web",
    componentIds: [shared.id],
  });
  await ok(app, "POST", "/products", {
    loopId: loopB.id,
    slug: `desktop-${tag}`,
    name: "Desktop",
    componentIds: [shared.id, onlyB.id],
  });
  const subscribe = (loopId: string, hook: LoopbackWebhook, secret: string) =>
    ok<{ id: string; secret: string }>(app, "POST", "/webhook-subscriptions", {
      loopId,
      url: hook.url,
      eventTypes: everything,
      secret,
      allowPrivateNetwork: true,
    });
  const subA = await subscribe(loopA.id, hooks.a, secretA);
  const subB = await subscribe(loopB.id, hooks.b, secretB);
  return { loopA, loopB, shared, onlyB, web, subA, subB };
}

/** Loop A's whole chain: a signal, its pattern addressed by a production deployment, then rolled back. */
async function runLoopA(ids: Awaited<ReturnType<typeof twoLoops>>, tag: string) {
  const channel = await ok(app, "POST", "/channels", {
    loopId: ids.loopA.id,
    slug: `mail-${tag}`,
    name: "Mail",
    kind: "api",
  });
  const pattern = await ok(app, "POST", "/patterns", { loopId: ids.loopA.id, title: "Sync loses edits" });
  const signal = await ok(app, "POST", "/signals", {
    channelId: channel.id,
    contact: { email: `ana-${tag}@example.com` },
    title: "My edits vanished",
    patternIds: [pattern.id],
  });
  const improvement = await ok(app, "POST", "/improvements", {
    loopId: ids.loopA.id,
    title: "Merge edits",
    productIds: [ids.web.id],
    patternIds: [pattern.id],
  });
  const issue = await ok(app, "POST", "/issues", {
    componentId: ids.shared.id,
    improvementId: improvement.id,
    title: "Merge",
  });
  const pr = await ok(app, "POST", "/pull-requests", {
    componentId: ids.shared.id,
    title: "Merge",
    issueIds: [issue.id],
  });
  await ok(app, "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
  const version = await ok(app, "POST", "/versions", { componentId: ids.shared.id, name: "1.0.0" });
  const versionB = await ok(app, "POST", "/versions", { componentId: ids.onlyB.id, name: "7.0.0" });
  const release = await ok(app, "POST", "/releases", { productId: ids.web.id, name: "2026.1" });
  const { deployment } = await ok<{ deployment: { id: string } }>(app, "POST", "/deployments", {
    releaseId: release.id,
    environment: "production",
    status: "success",
  });
  await ok(app, "PATCH", `/deployments/${deployment.id}`, { status: "rolled_back" });
  await ok(app, "PATCH", `/patterns/${pattern.id}`, { status: "open" });
  return { signal, pattern, improvement, version, versionB, release, deployment };
}

describe(`outgoing event webhooks (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("deliver each event once, signed, to the subscriptions of the loops it belongs to only", async () => {
    const ids = await twoLoops("one", { a: hookA, b: hookB });
    const run = await runLoopA(ids, "one");
    expect(await drain()).toBeGreaterThan(0);

    expect(typesOf(hookA)).toEqual(
      [
        `signal.created ${run.signal.id}`,
        `version.created ${run.version.id}`,
        `release.created ${run.release.id}`,
        `deployment.succeeded ${run.deployment.id}`,
        `improvement.completed ${run.improvement.id}`,
        `pattern.addressed ${run.pattern.id}`,
        `deployment.rolled_back ${run.deployment.id}`,
        `pattern.reopened ${run.pattern.id}`,
      ].sort(),
    );
    // Loop B hears of the shared component's version (its product is built from it) and of its own
    // component's, never of loop A's signals, patterns, releases or deployments.
    expect(typesOf(hookB)).toEqual([`version.created ${run.version.id}`, `version.created ${run.versionB.id}`].sort());
    for (const hook of [hookA, hookB]) {
      expect(hook.forged).toBe(0);
      expect([...hook.byKey.values()].every((count) => count === 1)).toBe(true);
    }

    // What a pipeline needs to decide on a release: the version and which products include it yet.
    const created = hookB.received.find((r) => (r.json as Delivery).event.entityId === run.version.id);
    expect(created?.headers["idempotency-key"]).toBe(
      `event:${ids.subB.id}:${(created?.json as { event?: { id: string } } | undefined)?.event?.id}`,
    );
    expect(created?.json).toMatchObject({
      type: "version.created",
      subscriptionId: ids.subB.id,
      // Named as the timeline names it: the component's slug and the version.
      event: { entityType: "version", entityId: run.version.id, verb: "created", label: "shared-one@1.0.0" },
      data: {
        version: { id: run.version.id, name: "1.0.0", componentId: ids.shared.id },
        products: [{ productSlug: "desktop-one", included: false, firstIncludedIn: null }],
      },
    });
    const deployed = hookA.received.find((r) => (r.json as Delivery).type === "deployment.succeeded");
    expect(deployed?.json).toMatchObject({
      event: { label: expect.stringMatching(/ 2026\.1 to production$/) },
      data: {
        deployment: { id: run.deployment.id, environment: "production", production: true },
        release: { name: "2026.1" },
      },
    });
    expect(await drain()).toBe(0);
  });

  it("retry a receiver that fails until it recovers: it then gets every event exactly once", async () => {
    const [a, b] = await Promise.all([startLoopbackWebhook(secretA), startLoopbackWebhook(secretB)]);
    try {
      const ids = await twoLoops("two", { a, b });
      a.failWith = 503;
      b.failWith = 503;
      const run = await runLoopA(ids, "two");
      for (let attempt = 0; attempt < 3; attempt++) expect(await deliverDue(app.db, config, 50, options)).toBe(10);
      expect(a.failed).toBe(3 * 8);
      expect(a.received).toHaveLength(0);
      const rows = await app.db.query<{ status: string; attempts: number }>(
        "select status, attempts from outbox where kind = 'event' and payload->>'subscriptionId' = any($1)",
        [[ids.subA.id, ids.subB.id]],
      );
      expect(rows).toHaveLength(10);
      expect(rows.every((row) => row.status === "pending" && row.attempts === 3)).toBe(true);

      a.failWith = null;
      b.failWith = null;
      expect(await drain()).toBe(10);
      expect(a.received).toHaveLength(8);
      expect(b.received).toHaveLength(2);
      expect(typesOf(b)).toEqual([`version.created ${run.version.id}`, `version.created ${run.versionB.id}`].sort());
      expect([...a.byKey.values(), ...b.byKey.values()]).toEqual(Array(10).fill(1));
      expect(await drain()).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
