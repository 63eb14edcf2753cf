import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { seedDelivery } from "../../test/helpers/delivery-fixtures.js";
import { readCursor } from "../core/cursor.js";
import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { listOutbox, retryDeadLetter } from "./outbox.js";

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe(`outbox service (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(async () => db?.close());

  it("pages through the outbox newest first, filtered by status", async () => {
    const seeded = await seedDelivery(db, { count: 5 });
    const dead = seeded.outbox.slice(0, 2);
    await db.query("update outbox set status = 'dead', last_error = 'gone' where id = any($1::uuid[])", [dead]);
    const everything = [...seeded.outbox].sort().reverse();

    const first = await listOutbox(db, { limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual(everything.slice(0, 3));
    // The cursor names the outbox and its last row (src/core/cursor.ts).
    expect(readCursor(first.nextCursor ?? "", { list: "/outbox", sort: "newest" })).toMatchObject({
      key: everything[2],
    });
    const second = await listOutbox(db, { limit: 3, cursor: first.nextCursor ?? "" });
    expect(second.items.map((item) => item.id)).toEqual(everything.slice(3));
    expect(second.nextCursor).toBeNull();
    // An older cursor, the bare id of the last row, still pages on; an id of no row is refused.
    const older = await listOutbox(db, { limit: 3, cursor: everything[2] });
    expect(older.items.map((item) => item.id)).toEqual(everything.slice(3));
    expect(await codeOf(listOutbox(db, { cursor: "0190f0f0-0000-7000-8000-000000000000" }))).toBe("invalid_cursor");

    const deadLetters = await listOutbox(db, { status: "dead" });
    expect(deadLetters.items.map((item) => item.id).sort()).toEqual([...dead].sort());
    expect(deadLetters.items[0]).toMatchObject({
      status: "dead",
      kind: "notification",
      lastError: "gone",
      maxAttempts: 8,
    });
    expect(deadLetters.items[0]).not.toHaveProperty("payload");
  });

  it("refuses a status or cursor that cannot be one", async () => {
    expect(await codeOf(listOutbox(db, { status: "lost" as "dead" }))).toBe("invalid_input");
    expect(await codeOf(listOutbox(db, { cursor: "'; drop table outbox; --" }))).toBe("invalid_cursor");
  });

  it("retries only dead letters, and says so otherwise", async () => {
    const seeded = await seedDelivery(db);
    const id = seeded.outbox[0] ?? "";
    expect(await codeOf(retryDeadLetter(db, "user:ops", id))).toBe("invalid_transition");
    expect(await codeOf(retryDeadLetter(db, "user:ops", randomUUID()))).toBe("not_found");
    expect(await codeOf(retryDeadLetter(db, "user:ops", "not-an-id"))).toBe("not_found");
    await db.query("update outbox set status = 'dead', attempts = 8 where id = $1", [id]);
    await db.query("update notifications set status = 'failed' where id = $1", [seeded.notifications[0]]);
    const retried = await retryDeadLetter(db, "user:ops", id);
    expect(retried).toMatchObject({ id, status: "pending", attempts: 0 });
    expect(await db.query("select status from notifications where id = $1", [seeded.notifications[0]])).toEqual([
      { status: "queued" },
    ]);
    const [event] = await db.query("select actor, verb, before, after from timeline_events where entity_id = $1", [id]);
    expect(event).toEqual({
      actor: "user:ops",
      verb: "retried",
      before: { status: "dead", attempts: 8, lastError: null },
      after: { status: "pending", attempts: 0 },
    });
    expect(await codeOf(retryDeadLetter(db, "user:ops", id))).toBe("invalid_transition");
  });
});
