import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Answer = { status: number; body: { id?: string; error?: { code: string; path?: string } } };

/** Bo's report, under the externalId Ana's has. */
const boReport = (channelId: string, externalId: string) => ({
  channelId,
  title: "Login loops",
  externalId,
  contact: { email: `bo-${externalId}@example.com` },
});

// Locking only on the server: PGlite runs one statement at a time, so no two requests ever race there.
describe.skipIf(!serverUrl)("one externalId from two people at once (postgres)", () => {
  it.each([
    ["POST /signals", "/signals", (s: object) => s, "body.externalId"],
    ["POST /signals/batch", "/signals/batch", (s: object) => ({ signals: [s] }), "body.signals.0.externalId"],
  ])("%s answers the later one 409 conflict, not with the other person's signal", async (_name, path, wrap, at) => {
    const { channel } = await loopWithChannel(app);
    const externalId = `race-${Math.random().toString(36).slice(2, 10)}`;
    const [ana] = await app.db.query<{ id: string }>(
      "insert into contacts (name, email) values ('Ana', $1) returning id",
      [`ana-${externalId}@example.com`],
    );
    let answer: Promise<Answer> | undefined;
    // Ana's report is being written (uncommitted) when Bo's, with the same id, passes the check that
    // reads what is stored: his write then waits on hers at the unique index.
    await app.db.transaction(async (q) => {
      await q.query(
        "insert into signals (channel_id, contact_id, title, external_id) values ($1, $2, 'Export drops rows', $3)",
        [channel.id, ana?.id, externalId],
      );
      answer = app.call("POST", path, wrap(boReport(channel.id, externalId)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const bo = await answer;
    expect(bo?.status).toBe(409);
    expect(bo?.body.error).toMatchObject({ code: "conflict", path: at });
    // Bo's report was not written, and neither was Bo: no person without a report is left behind.
    const people = await app.db.query("select 1 from contacts where lower(email) = $1", [
      `bo-${externalId}@example.com`,
    ]);
    expect(people).toEqual([]);
    // Sent again, alone, his report is refused the same way, and nothing is made for it either.
    expect(await app.call("POST", path, wrap(boReport(channel.id, externalId)))).toMatchObject({ status: 409 });
    expect(
      await app.db.query("select 1 from contacts where lower(email) = $1", [`bo-${externalId}@example.com`]),
    ).toEqual([]);
  });
});
