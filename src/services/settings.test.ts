import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db } from "../db/connect.js";
import { answerLinkSecretKey, getOrCreateSecret } from "./settings.js";

describe(`getOrCreateSecret (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  afterEach(async () => db?.close());

  it("creates a random secret once and returns the same one afterwards", async () => {
    db = await freshDb();
    expect(await db.query("select * from settings where key = $1", [answerLinkSecretKey])).toEqual([]);
    const first = await getOrCreateSecret(db, answerLinkSecretKey);
    expect(first).toHaveLength(32);
    expect(await getOrCreateSecret(db, answerLinkSecretKey)).toEqual(first);
    expect(await getOrCreateSecret(db, "other_secret")).not.toEqual(first);
  });

  it("hands every one of many concurrent callers the same secret", async () => {
    db = await freshDb();
    const secrets = await Promise.all(Array.from({ length: 8 }, () => getOrCreateSecret(db, "raced")));
    expect(new Set(secrets.map((s) => s.toString("hex"))).size).toBe(1);
  });

  it("refuses a stored value that is not a 32-byte secret", async () => {
    db = await freshDb();
    await db.query(`insert into settings (key, value) values ('weak', '"abc"')`);
    await expect(getOrCreateSecret(db, "weak")).rejects.toThrow(/not a 32-byte hex secret/);
  });
});
