import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, uniqueSlug } from "../../test/helpers/factories.js";
import type { Db } from "./connect.js";
import { migrations } from "./migrate.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  await db?.close();
});

const sqlOf = (version: number) => migrations().find((m) => m.version === version)?.sql ?? "";

describe(`migration 0025: GitHub comments into the conversation (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("moves the comments that came in to messages, by the author's login, and drops github_comments", async () => {
    // The table as 0019 made it, with what a database of that version held.
    const create = /create table github_comments \([\s\S]*?\n\);/.exec(sqlOf(19))?.[0];
    expect(create).toBeDefined();
    await db.exec(String(create));
    const loop = await make(db, "loop", { slug: uniqueSlug("loop"), name: "Core" });
    const channel = await make(db, "channel", { loopId: loop.id, slug: uniqueSlug("gh"), name: "GH", kind: "github" });
    const login = uniqueSlug("Octo");
    const [contact] = await db.query<{ id: string }>(
      "insert into contacts (name, github_login) values ($1, $1) returning id",
      [login],
    );
    const signal = await make(db, "signal", { channelId: channel.id, title: "Broken", contactId: contact?.id });
    const commentId = Math.floor(Math.random() * 1e12);
    await db.query(
      `insert into github_comments (signal_id, comment_id, direction, author, body, url) values
         ($1, $2, 'in', $3, 'Still broken here.', 'https://github.com/o/r/issues/1#c'),
         ($1, $4, 'out', 'loopwork', 'It is fixed.', null)`,
      [signal.id, commentId, login.toUpperCase(), commentId + 1],
    );
    await db.exec(sqlOf(25));
    const moved = await db.query(
      `select channel_kind, direction, external_id, author_contact_id, body, status, raw->>'url' as url
         from messages where signal_id = $1`,
      [signal.id],
    );
    expect(moved).toEqual([
      {
        channel_kind: "github",
        direction: "in",
        external_id: String(commentId),
        author_contact_id: contact?.id,
        body: "Still broken here.",
        status: "received",
        url: "https://github.com/o/r/issues/1#c",
      },
    ]);
    const [left] = await db.query<{ t: string | null }>("select to_regclass('github_comments')::text as t");
    expect(left?.t).toBeNull();
  });
});
