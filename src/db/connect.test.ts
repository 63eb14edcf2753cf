import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db } from "./connect.js";
import { migrate } from "./migrate.js";

describe(`store (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  afterEach(async () => db?.close());

  it("rolls back everything a failed transaction wrote", async () => {
    db = await freshDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into loops (slug, name) values ('a', 'A')");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.query("select * from loops")).toEqual([]);
  });

  it("migrating again applies nothing", async () => {
    db = await freshDb();
    expect(await migrate(db)).toEqual([]);
  });

  it("generates ids that sort by creation time (to the millisecond)", async () => {
    db = await freshDb();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      await db.query("select pg_sleep(0.002)");
      const [row] = await db.query<{ id: string }>("insert into loops (slug, name) values ($1, 'L') returning id", [
        `l${i}`,
      ]);
      ids.push(row?.id ?? "");
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it("delivers a NOTIFY to listeners only after commit", async () => {
    db = await freshDb();
    const heard: string[] = [];
    const stop = await db.listen("loopwork_test", (payload) => heard.push(payload));
    await db.transaction(async (tx) => {
      await tx.query("select pg_notify('loopwork_test', 'hello')");
    });
    await expect.poll(() => heard).toEqual(["hello"]);
    await stop();
  });
});
