import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Signal = { id: string; externalId: string | null; patternIds: string[] };
type Refused = { error: { code: string; path?: string } };

/** A new loop with an email channel, named after `prefix` and the time. */
async function loopWithMail(prefix: string) {
  const label = `${prefix}-${Date.now()}`;
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: label, name: label });
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: `${label}-mail`,
    name: "Support",
    kind: "email",
  });
  return { label, loop, channel };
}

// POST /signals from many clients at once: calls that queue behind a write are written together
// (src/db/group-commit.ts), and each still gets exactly its own answer.
describe(`concurrent POST /signals, written in groups (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("answers each call alone: its signal, its refusal, its duplicate; one timeline event per call", async () => {
    const { label, loop, channel } = await loopWithMail("gc");
    const pattern = async (title: string) =>
      (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id;
    const [kept, gone] = [await pattern("Export drops rows"), await pattern("CSV export loses lines")];
    expect((await app.call("POST", `/patterns/${gone}/merge`, { targetId: kept })).status).toBe(200);

    // 40 calls at once: 36 good ones (10 people, some writing twice; two carry the same externalId),
    // 2 naming the merged pattern, 2 an unknown product.
    const bodies = Array.from({ length: 40 }, (_, i) => ({
      channelId: channel.body.id,
      // 13 and 14 are one person sending one report twice (the same externalId).
      contact: { email: `person${i === 14 ? 3 : i % 10}@${label}.example.com` },
      title: `Rows missing, report ${i}`,
      patternIds: i % 3 === 0 ? [kept] : [],
      ...(i === 13 || i === 14 ? { externalId: `${label}-same` } : {}),
      ...(i === 5 || i === 25 ? { patternIds: [gone] } : {}),
      ...(i === 17 || i === 33 ? { product: `${label}-no-such-product` } : {}),
    }));
    const answers = await Promise.all(bodies.map((body) => app.call<Signal & Refused>("POST", "/signals", body)));

    const refusedAt = answers.flatMap((a, i) => (a.status === 201 ? [] : [[i, a.status, a.body.error.code]]));
    expect(refusedAt).toEqual([
      [5, 409, "pattern_merged"],
      [17, 404, "not_found"],
      [25, 409, "pattern_merged"],
      [33, 404, "not_found"],
    ]);
    const good = answers.flatMap((a, i) => (a.status === 201 ? [{ i, signal: a.body }] : []));
    // The two calls with one externalId answer the same signal; every other call its own.
    const same = good.filter(({ i }) => i === 13 || i === 14).map(({ signal }) => signal.id);
    expect(new Set(same).size).toBe(1);
    expect(new Set(good.map(({ signal }) => signal.id)).size).toBe(35);
    for (const { i, signal } of good) expect(signal.patternIds).toEqual(i % 3 === 0 ? [kept] : []);

    // (Whether calls were grouped depends on timing, and a group holding a refused call is written again
    // one call at a time: src/services/create-signals.test.ts checks the grouping itself.)
    const [stored] = await app.db.query<{ n: number; people: number }>(
      "select count(*)::int as n, count(distinct contact_id)::int as people from signals where channel_id = $1",
      [channel.body.id],
    );
    expect(stored).toEqual({ n: 35, people: 10 });

    // The pattern's attachments, one `attached` event per call that attached, as a lone call records it.
    const attachedEvents = await app.db.query<{ signal_ids: string[] }>(
      `select after->'signalIds' as signal_ids from timeline_events
        where entity_type = 'pattern' and entity_id = $1 and verb = 'attached'`,
      [kept],
    );
    const attachedIds = good.filter(({ i }) => i % 3 === 0).map(({ signal }) => signal.id);
    expect(attachedEvents.map((e) => e.signal_ids.length)).toEqual(attachedIds.map(() => 1));
    expect(attachedEvents.flatMap((e) => e.signal_ids).sort()).toEqual([...attachedIds].sort());
    const counted = await app.call<{ signalCount: number }>("GET", `/patterns/${kept}`);
    expect(counted.body.signalCount).toBe(attachedIds.length);
  });

  it("keeps one contact per person when a burst of calls from a few new people is written in groups", async () => {
    const { label, channel } = await loopWithMail("gc-burst");
    // 60 calls at once from 5 people nobody has heard from: groups race to create the same contacts.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        app.call<Signal>("POST", "/signals", {
          channelId: channel.body.id,
          contact: { email: `Person${i % 5}@${label}.example.com`, name: `Person ${i % 5}` },
          title: `Burst report ${i}`,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const [stored] = await app.db.query<{ signals: number; people: number; contacts: number }>(
      `select count(*)::int as signals, count(distinct contact_id)::int as people,
              (select count(*)::int from contacts where lower(email) like $2) as contacts
         from signals where channel_id = $1`,
      [channel.body.id, `%@${label}.example.com`],
    );
    expect(stored).toEqual({ signals: 60, people: 5, contacts: 5 });
  });
});
