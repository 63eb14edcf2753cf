import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db, Queryable } from "../db/connect.js";
import { listRecords } from "./records.js";
import { type Resource, resources, searchedNewest } from "./resources.js";
import { bandStarts, newestFirst, rankedAtMost, search, windowSizes } from "./search.js";

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
  let loop: string;
  const tables = { pattern: resources.pattern, signal: resources.signal } as const;
  beforeAll(async () => {
    const [made] = await db.query<{ id: string }>("insert into loops (slug, name) values ('n', 'N') returning id");
    loop = String(made?.id);
    const [channel] = await db.query<{ id: string }>(
      "insert into channels (loop_id, slug, name, kind) values ($1, 'n-mail', 'Mail', 'email') returning id",
      [loop],
    );
    const [contact] = await db.query<{ id: string }>(
      "insert into contacts (name, email) values ('Nia', 'nia@example.com') returning id",
    );
    // Five "Ancient" ones, then 700 newer (their time-ordered ids all greater): every third about quokkas,
    // the rest wombats, every one a report.
    const insert = async (titles: string) => {
      await db.query(
        `insert into patterns (loop_id, title, description) select $1, ${titles}, 'seen by many'
           from generate_series(1, $2::int) n`,
        [loop, titles.includes("Ancient") ? 5 : 700],
      );
      await db.query(
        `insert into signals (channel_id, contact_id, title, body) select $1, $2, ${titles}, 'since monday'
           from generate_series(1, $3::int) n`,
        [channel?.id, contact?.id, titles.includes("Ancient") ? 5 : 700],
      );
    };
    await insert("'Ancient wombat sync stalls ' || n");
    await db.query("select pg_sleep(0.01)");
    await insert("case when n % 3 = 0 then 'Quokka export fails ' else 'Wombat sync stalls ' end || n || ' report'");
  });

  it("reads the newest rows band by band: the same newest 500 as reading them all", async () => {
    for (const r of Object.values(tables)) {
      const starts = await db.query<{ id: string }>(
        `select (select id from ${r.table} order by id desc offset n limit 1) as id from unnest(array[12, 300, 650]) n`,
      );
      const document = r.search?.document ?? "";
      for (const words of ["quokka", "wombat", "report", "ancient", "zebra"]) {
        const condition = `${document} @@ to_tsquery('english', $1)`;
        const every = await db.query<{ id: string }>(
          `select t.id from ${r.table} t where ${condition} order by t.id desc limit ${rankedAtMost}`,
          [words],
        );
        for (const bounds of [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]) {
          const band = newestFirst(
            r,
            "b",
            condition,
            bounds.map((_, i) => `$${i + 2}`),
          );
          const read = await db.query<{ id: string }>(
            `with ${band.ctes} select id from ${band.rows} t order by t.id desc limit ${rankedAtMost}`,
            [words, ...bounds.map((i) => starts[i]?.id)],
          );
          expect(read, `${r.name}: ${words} in ${bounds}`).toEqual(every);
        }
        // Starts kept apart may come out of order (a narrow band's start older than the window's read after
        // many rows came): put in order, each once, they read the same rows, none twice.
        for (const bounds of [
          [1, 0],
          [2, 0],
          [2, 1, 0],
          [1, 1, 0],
        ]) {
          const ordered = bandStarts([null, ...bounds.map((i) => starts[i]?.id ?? null)]);
          const band = newestFirst(
            r,
            "b",
            condition,
            ordered.map((_, i) => `$${i + 2}`),
          );
          const read = await db.query<{ id: string }>(
            `with ${band.ctes} select id from ${band.rows} t order by t.id desc limit ${rankedAtMost}`,
            [words, ...ordered],
          );
          expect(read, `${r.name}: ${words} in ${bounds}`).toEqual(every);
        }
        expect(every.length).toBe({ quokka: 233, wombat: 472, report: 500, ancient: 5, zebra: 0 }[words]);
      }
    }
  });

  it("reads a typo among the newest titles first, and finds what reading every title finds", async () => {
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
      (await listRecords(watched, r, { q, filters: { loopId: loop }, limit: 50 })).items.map((item) => item.id);
    const search = tables.pattern.search;
    if (!search?.window) throw new Error("patterns have no window");
    const { large: _, window: __, ...everyRow } = search;
    // Quokkas alike "quoka" are on both sides of where the newest 12 start, "Ancient" ones only before it.
    const windowed = { ...tables.pattern, search: { ...search, window: 12 } };
    const read = { ...tables.pattern, search: everyRow };
    for (const q of ["quoka", "ancent", "quokka", "zzqxwvy"]) {
      statements.length = 0;
      const expected = await found(read, q);
      expect(await found(windowed, q), q).toEqual(expected);
      expect(
        statements.some((sql) => sql.includes("o0 as materialized")),
        q,
      ).toBe(true);
      expect(expected.length, q).toBe({ quoka: 50, ancent: 5, quokka: 50, zzqxwvy: 0 }[q]);
    }
  });

  it("sizes the first band by the statistics: none for a rare word, a narrower one for a common word unfiltered", () => {
    expect(windowSizes(100_000, 0)).toEqual([]);
    expect(windowSizes(100_000, 0.004)).toEqual([]);
    expect(windowSizes(100_000, 0.022)).toEqual([100_000]);
    expect(windowSizes(100_000, 0.064)).toEqual([50_000, 100_000]);
    expect(windowSizes(100_000, 0.099)).toEqual([25_000, 100_000]);
    expect(windowSizes(100_000, 0.25)).toEqual([12_500, 100_000]);
    expect(windowSizes(100_000, 0.25, false)).toEqual([100_000]);
    expect(windowSizes(10_000, 0.18)).toEqual([10_000]);
  });
});
