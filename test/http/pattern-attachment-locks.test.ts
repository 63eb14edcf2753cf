import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachMatched } from "../../src/services/attach-signals.js";
import { snapbackLock } from "../../src/services/snapback.js";
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

/**
 * An attachment to a pattern that is addressed takes snapback's lock before the pattern's row (answering
 * the late signal needs it), as a deployment does. The attachment decides from the status it reads before
 * the row is locked: a pattern addressed between that read and the lock was found only under the row's
 * lock, and waiting for snapback's lock then deadlocked with a deployment that held it and waited for the
 * row (PostgreSQL aborted one of them: a 500, or a deployment that failed). Here a snapback addresses the
 * pattern while the request waits for its row, and the next deployment queues for snapback's lock and
 * then the row: both must go through.
 */
describe.skipIf(!serverUrl)("attach beside a snapback that addresses the pattern (postgres)", () => {
  it.each(["a person", "the matcher"] as const)(
    "%s: starts again taking snapback's lock first; neither side is aborted",
    async (who) => {
      const { loop, channel } = await loopWithChannel(app);
      const pattern = (await app.call<{ id: string }>("POST", "/patterns", { title: "Export hangs", loopId: loop.id }))
        .body.id;
      const signal = (
        await app.call<{ id: string }>("POST", "/signals", {
          channelId: channel.id,
          contact: { email: "late-lock@example.com" },
          title: "Export hangs at 99 %",
        })
      ).body.id;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      let attaching: Promise<number> | undefined;
      let nextDeployment: Promise<unknown> | undefined;
      await app.db.transaction(async (q) => {
        await q.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
        await q.query("update patterns set status = 'addressed' where id = $1", [pattern]);
        attaching =
          who === "a person"
            ? app
                .call<{ attached: number }>("POST", `/patterns/${pattern}/signals`, { signalIds: [signal] })
                .then((answer) => (answer.status === 200 ? answer.body.attached : -answer.status))
            : attachMatched(app.db, "matcher:v1", [{ signalId: signal, patternId: pattern, score: 0.9 }]).then(
                (attached) => attached.length,
              );
        await pause(300);
        nextDeployment = app.db.transaction(async (next) => {
          await next.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
          await next.query("select 1 from patterns where id = $1 for no key update", [pattern]);
        });
        await pause(100);
      });
      await expect(nextDeployment).resolves.toBeUndefined();
      expect(await attaching).toBe(1);
      const [row] = await app.db.query<{ n: number }>(
        "select count(*)::int as n from signal_patterns where signal_id = $1 and pattern_id = $2",
        [signal, pattern],
      );
      expect(row?.n).toBe(1);
    },
  );
});
