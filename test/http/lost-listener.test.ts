import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/services/api-tokens.js";
import { inTransaction } from "../../src/services/transaction.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { subscribe } from "../helpers/sse.js";

// A web process listens on its own connection (LISTEN) for changes of access and for the live timeline.
// A server restart, a failover or an idle connection killed ends that connection: the process must
// listen again and make up for what it did not hear.

let app: TestApp;
beforeAll(async () => {
  if (serverUrl) app = await startTestApp();
});
afterAll(async () => app?.stop());

/** The backends of this database listening on channel. */
const listeners = async (channel: string) =>
  (
    await app.db.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and query = $1",
      [`listen "${channel}"`],
    )
  ).map((row) => row.pid);

const ended = new Set<number>();

/** Ends this database's connections listening on channel, as a restart would; returns how many. */
async function dropListeners(channel: string): Promise<number> {
  const pids = await listeners(channel);
  for (const pid of pids) ended.add(pid);
  await app.db.query("select pg_terminate_backend(pid) from unnest($1::int[]) as pid", [pids]);
  return pids.length;
}

/**
 * How many new connections listen on channel: an ended backend may still be listed for a moment after
 * it was told to end (it was counted as listening again, and the test asked before the process knew).
 */
const listening = async (channel: string) => (await listeners(channel)).filter((pid) => !ended.has(pid)).length;

describe.skipIf(!serverUrl)("a lost listening connection", () => {
  it("is opened again, and a token revoked meanwhile by another process is refused", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "lost", name: "Lost" });
    const principal = {
      userId: app.admin?.id ?? "",
      admin: true,
      roles: {},
      scope: "admin" as const,
      loopId: null,
      actor: `user:${app.admin?.id}`,
    };
    const { token, id } = await inTransaction(app.db, principal.actor, (tx) =>
      createToken(tx, principal, { name: "lost", scope: "write", loopId: loop.body.id }),
    );
    const use = () => app.call("GET", "/loops", undefined, {}, { token });
    expect((await use()).status).toBe(200);
    expect(await dropListeners("loopwork_access")).toBe(1);
    // Revoked by another process while nobody listens here: only a fresh look at the database sees it.
    await app.db.query("update api_tokens set revoked_at = now() where id = $1", [id]);
    await expect.poll(() => listening("loopwork_access"), { timeout: 5000 }).toBe(1);
    expect((await use()).status).toBe(401);
  });

  it("ends live timelines, whose clients resume from Last-Event-ID, and listens again", async () => {
    const stream = await subscribe(`${app.url}/timeline/stream`, { authorization: `Bearer ${app.adminToken}` });
    expect(await dropListeners("loopwork_timeline")).toBe(1);
    await expect.poll(() => stream.ended(), { timeout: 5000 }).toBe(true);
    await expect.poll(() => listening("loopwork_timeline"), { timeout: 5000 }).toBe(1);
    const again = await subscribe(`${app.url}/timeline/stream`, { authorization: `Bearer ${app.adminToken}` });
    await app.call("POST", "/loops", { slug: "heard", name: "Heard" });
    await expect.poll(() => again.events.map((e) => e.data.entityType), { timeout: 5000 }).toContain("loop");
    await again.close();
    await stream.close();
  });
});
