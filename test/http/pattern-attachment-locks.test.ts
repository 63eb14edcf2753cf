import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

/** Rolls the test's transaction back once it has shown what it could do. */
class RollBack extends Error {}

/**
 * A merge (or split, or undo) locks its patterns' rows first, then moves their attachments. An attach or
 * detach that wrote an attachment first and then waited for the pattern's row (its trigger) deadlocked
 * with it: PostgreSQL aborted one of the two, and the request answered 500. Here a transaction takes the
 * patterns' rows as a merge does, lets the request start, and then touches the same attachment as a merge
 * would: it must not have to wait for the request (it gives up after 500 ms, well before a deadlock is
 * looked for).
 */
describe.skipIf(!serverUrl)("attach and detach beside a merge (postgres)", () => {
  it.each(["attach", "detach"] as const)("%s waits for the pattern before it touches an attachment", async (kind) => {
    const { loop, channel } = await loopWithChannel(app);
    const pattern = (await app.call<{ id: string }>("POST", "/patterns", { title: "Sync", loopId: loop.id })).body.id;
    const signal = (
      await app.call<{ id: string }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: `${kind}-lock@example.com` },
        title: "Sync lost my notes",
        patternIds: kind === "detach" ? [pattern] : [],
      })
    ).body.id;
    let answer: Promise<{ status: number }> | undefined;
    const merge = app.db.transaction(async (q) => {
      await q.query("select 1 from patterns where id = $1 for update", [pattern]);
      answer =
        kind === "attach"
          ? app.call("POST", `/patterns/${pattern}/signals`, { signalIds: [signal] })
          : app.call("DELETE", `/patterns/${pattern}/signals/${signal}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await q.query("set local lock_timeout = '500ms'");
      await q.query(
        kind === "attach"
          ? "insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'test')"
          : "delete from signal_patterns where signal_id = $1 and pattern_id = $2",
        [signal, pattern],
      );
      throw new RollBack();
    });
    await expect(merge).rejects.toBeInstanceOf(RollBack);
    expect((await answer)?.status).toBe(200);
  });
});
