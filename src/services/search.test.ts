import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db, Queryable } from "../db/connect.js";
import { listRecords } from "./records.js";
import { type Resource, resources, searchedNewest } from "./resources.js";
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

describe(`search over a large table, its newest rows first (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("finds what reading every row finds: words and typos, newer and older than the window's start", async () => {
    const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('n', 'N') returning id");
    const [channel] = await db.query<{ id: string }>(
      "insert into channels (loop_id, slug, name, kind) values ($1, 'n-mail', 'Mail', 'email') returning id",
      [loop?.id],
    );
    const [contact] = await db.query<{ id: string }>(
      "insert into contacts (name, email) values ('Nia', 'nia@example.com') returning id",
    );
    // 40 of each, oldest first, one statement apiece so that their time-ordered ids follow that order: every
    // third about quokkas, the rest wombats; "Ancient" only in the oldest five.
    const title = (n: number) =>
      `${n < 5 ? "Ancient " : ""}${n % 3 === 0 ? `Quokka export fails ${n}` : `Wombat sync stalls ${n}`}`;
    for (let n = 0; n < 40; n++) {
      await db.query("insert into patterns (loop_id, title, description) values ($1, $2, 'seen by many')", [
        loop?.id,
        title(n),
      ]);
      await db.query("insert into signals (channel_id, contact_id, title, body) values ($1, $2, $3, 'since monday')", [
        channel?.id,
        contact?.id,
        title(n),
      ]);
    }
    const statements: string[] = [];
    const seen = (q: Queryable): Queryable => ({
      query: (sql, params, name) => {
        statements.push(sql);
        return q.query(sql, params, name);
      },
      exec: (sql) => q.exec(sql),
    });
    const watched: Db = { ...db, ...seen(db), transaction: (fn) => db.transaction((tx) => fn(seen(tx))) };
    const found = async (r: Resource, q: string) =>
      (await listRecords(watched, r, { q, filters: {}, limit: 50 })).items.map((item) => item.id);
    for (const r of [resources.pattern, resources.signal]) {
      if (!r.search?.window) throw new Error(`${r.name} has no window`);
      const { large: _, window: __, ...everyRow } = r.search;
      // The newest 12 rows first: every query below has matches on both sides of its start, or only before it.
      const windowed = { ...r, search: { ...r.search, window: 12 } };
      const read = { ...r, search: everyRow };
      const queries = ["quokka", "wombat sync", "quok", "ancient", "zebra"];
      if (r.search.trigram) queries.push("quoka", "wombta");
      for (const q of queries) {
        statements.length = 0;
        const expected = await found(read, q);
        expect(await found(windowed, q), `${r.name}: ${q}`).toEqual(expected);
        expect(
          statements.some((sql) => sql.includes("w0 as materialized")),
          `${r.name}: ${q}`,
        ).toBe(true);
        expect(expected.length, `${r.name}: ${q}`).toBe(
          { quokka: 14, "wombat sync": 26, quok: 14, ancient: 5, zebra: 0, quoka: 14, wombta: 26 }[q],
        );
      }
    }
  });
});
