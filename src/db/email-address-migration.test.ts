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

describe(`migration 0044: an email channel's address is unique (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("leaves a shared address to the channel that received its mail; the others' goes to the timeline", async () => {
    // A database of before 0044, where a check that raced let two email channels share an address.
    await db.exec("drop index channels_email_address");
    const loop = await make(db, "loop", { slug: uniqueSlug("loop"), name: "Core" });
    const channel = (kind: string, address: string) =>
      make(db, "channel", { loopId: loop.id, slug: uniqueSlug(kind), name: "Support", kind, config: { address } });
    const shared = [
      await channel("email", "help@acme.example"),
      await channel("email", "Help@Acme.example"),
      await channel("email", "HELP@acme.example"),
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    const alone = await channel("email", "sales@acme.example");
    const webhook = await channel("webhook", "help@acme.example");

    await db.exec(sqlOf(44));

    const addresses = await db.query<{ id: string; address: string | null }>(
      "select id, config->>'address' as address from channels where loop_id = $1 order by id",
      [loop.id],
    );
    const addressOf = new Map(addresses.map((row) => [row.id, row.address]));
    const given = (channel: Record<string, unknown>) => (channel.config as { address: string }).address;
    // The first by id received the mail sent to it (emailChannelFor): it keeps the address.
    expect(shared.map((c) => addressOf.get(c.id))).toEqual(shared.map((c, i) => (i === 0 ? given(c) : null)));
    expect(addressOf.get(alone.id)).toBe("sales@acme.example");
    expect(addressOf.get(webhook.id)).toBe("help@acme.example");
    const events = await db.query<{ entity_id: string; actor: string; verb: string; before: unknown; after: unknown }>(
      `select entity_id, actor, verb, before, after from timeline_events
        where entity_type = 'channel' and actor = 'system:migration' order by entity_id`,
    );
    expect(events).toEqual(
      shared.slice(1).map((other) => ({
        entity_id: other.id,
        actor: "system:migration",
        verb: "updated",
        before: { config: { address: given(other) } },
        after: { config: { address: null } },
      })),
    );
    await expect(channel("email", "HELP@ACME.EXAMPLE")).rejects.toMatchObject({ code: "conflict" });
  });
});
