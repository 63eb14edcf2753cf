import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "../../test/helpers/db.js";
import type { Db } from "../db/connect.js";
import { consumeRateLimit, forgetEndedWindows } from "./consume-rate-limit.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db?.close());

const limit = (key: string) => ({ key, max: 5, windowSeconds: 60 });

describe("consumeRateLimit", () => {
  it("counts units up to the limit, refuses without counting, and starts afresh when the window ended", async () => {
    const key = limit("t:one");
    expect(await consumeRateLimit(db, key, 3)).toMatchObject({ allowed: true, remaining: 2 });
    const over = await consumeRateLimit(db, key, 3);
    expect(over).toMatchObject({ allowed: false, remaining: 0 });
    expect(over.resetSeconds).toBeGreaterThan(0);
    expect(over.resetSeconds).toBeLessThanOrEqual(60);
    expect(await consumeRateLimit(db, key, 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await consumeRateLimit(db, key)).toMatchObject({ allowed: false });
    // Another key counts on its own; more units than the limit never pass.
    expect(await consumeRateLimit(db, limit("t:two"))).toMatchObject({ allowed: true, remaining: 4 });
    expect(await consumeRateLimit(db, limit("t:three"), 6)).toMatchObject({ allowed: false });
    await db.query("update rate_limit_windows set window_start = window_start - interval '61 seconds' where key = $1", [
      "t:one",
    ]);
    expect(await consumeRateLimit(db, key, 4)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("forgets windows that ended long ago, and only those", async () => {
    await consumeRateLimit(db, limit("t:old"));
    await consumeRateLimit(db, limit("t:new"));
    await db.query("update rate_limit_windows set window_start = now() - interval '10 minutes' where key = 't:old'");
    expect(await forgetEndedWindows(db)).toBe(1);
    const keys = await db.query<{ key: string }>(
      "select key from rate_limit_windows where key like 't:%' order by key",
    );
    expect(keys.map((k) => k.key)).not.toContain("t:old");
    expect(keys.map((k) => k.key)).toContain("t:new");
  });
});
