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

describe(`search ranks releases and deployments by name (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("puts a match in the name first; matches in other fields alone follow, newest first", async () => {
    const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('r', 'R') returning id");
    const [product] = await db.query<{ id: string }>(
      "insert into products (loop_id, slug, name) values ($1, 'store', 'Store') returning id",
      [loop?.id],
    );
    const [component] = await db.query<{ id: string }>(
      "insert into components (slug, name) values ('till', 'Till') returning id",
    );
    const release = async (name: string, versions: string[]) => {
      const [made] = await db.query<{ id: string }>(
        "insert into releases (product_id, name) values ($1, $2) returning id",
        [product?.id, name],
      );
      for (const version of versions) {
        await db.query(
          `with v as (insert into versions (component_id, name) values ($1, $2) returning id)
           insert into release_versions (release_id, version_id) select $3, id from v`,
          [component?.id, version, made?.id],
        );
      }
      return String(made?.id);
    };
    const newestFirst = (ids: string[]) => [...ids].sort().reverse();
    const hits = async (q: string, type: "release" | "deployment") =>
      (await search(db, { q, types: [type], filters: {}, limit: 10 })).items.map((hit) => hit.id);

    // Named by it; then one whose versions hold the word three times, made before one that holds it once.
    const named = await release("Ember", []);
    const often = await release("r-often", ["ember-1", "ember-2", "ember-3"]);
    const once = await release("r-once", ["ember-4"]);
    expect(await hits("ember", "release")).toEqual([named, ...newestFirst([often, once])]);

    // A deployment's name is its release's and its environment: a match in its external id alone follows.
    await db.query("insert into environments (name) values ('emberstage')");
    const deploy = async (releaseId: string, environment: string, externalId: string | null) =>
      String(
        (
          await db.query<{ id: string }>(
            `insert into deployments (release_id, product_id, environment, external_id)
             values ($1, $2, $3, $4) returning id`,
            [releaseId, product?.id, environment, externalId],
          )
        )[0]?.id,
      );
    const there = await deploy(often, "emberstage", null);
    const byRun = await deploy(once, "production", "ci emberstage 9");
    expect(await hits("emberstage", "deployment")).toEqual([there, byRun]);
    const listed = await listRecords(db, resources.deployment, { q: "emberstage", filters: {}, limit: 5 });
    expect(listed.items.map((d) => d.id)).toEqual([there, byRun]);
  });
});
