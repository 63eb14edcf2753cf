import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db } from "../db/connect.js";
import { listRecords } from "./records.js";
import { resources, searchedNewest } from "./resources.js";
import { search } from "./search.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db?.close());

describe(`search over releases (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("reads the newest releases only, so a keystroke costs the same after years of them", async () => {
    const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('l', 'L') returning id");
    const [product] = await db.query<{ id: string }>(
      "insert into products (loop_id, slug, name) values ($1, 'shop', 'Shop') returning id",
      [loop?.id],
    );
    // The oldest first, then `searchedNewest` newer ones (their time-ordered ids are all greater).
    await db.query("insert into releases (product_id, name) values ($1, 'v0.0.1')", [product?.id]);
    await db.query("select pg_sleep(0.01)");
    await db.query(
      "insert into releases (product_id, name) select $1, 'v1.0.' || n from generate_series(1, $2::int) n",
      [product?.id, searchedNewest],
    );
    const found = async (q: string) =>
      (await search(db, { q, types: ["release"], filters: {}, limit: 5 })).items.map((hit) => hit.title);
    expect(await found(`v1.0.${searchedNewest}`)).toEqual([`v1.0.${searchedNewest}`]);
    expect(await found("v0.0.1")).toEqual([]);
    const listed = await listRecords(db, resources.release, { q: "v1.0.999", filters: {}, limit: 5 });
    expect(listed.items.map((r) => r.name)).toEqual(["v1.0.999"]);
    // Fewer than that: every release is read.
    await db.query("delete from releases where name = 'v1.0.1'");
    expect(await found("v0.0.1")).toEqual(["v0.0.1"]);
  });
});
