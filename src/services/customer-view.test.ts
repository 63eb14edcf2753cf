import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCustomerLoop } from "../../test/helpers/customer-fixtures.js";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db } from "../db/connect.js";
import { answerFromCustomerView, customerView } from "./customer-view.js";
import { updateDeploymentStatus } from "./record-deployment.js";
import { requestCustomerLink } from "./request-customer-link.js";

describe(`customerView and customer links (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(async () => db?.close());

  it("lists answers as the stage of the signal they answer, not as signals of their own", async () => {
    const loop = await seedCustomerLoop(db);
    const ana = await loop.contact("Ana");
    const pattern = await loop.pattern("Exports time out");
    await loop.attach(pattern, await loop.signal(ana.id, "Export fails"));
    const improvement = await loop.improvement(pattern, { title: "t", why: "", what: "", how: "" });
    await loop.ship(improvement);
    const notificationId = (await customerView(db, ana.id)).signals[0]?.patterns[0]?.shipped?.notificationId ?? "";
    expect(await answerFromCustomerView(db, ana.id, notificationId, "works")).toMatchObject({ recorded: true });
    expect(await answerFromCustomerView(db, ana.id, notificationId.toUpperCase(), "works")).toMatchObject({
      recorded: false,
    });
    const view = await customerView(db, ana.id);
    expect(view.signals.map((s) => [s.title, s.stage])).toEqual([["Export fails", "confirmed"]]);
    expect(await db.query("select kind from signals where contact_id = $1 order by kind", [ana.id])).toEqual([
      { kind: "report" },
      { kind: "works" },
    ]);
  });

  it("asks nobody about a fix that was rolled back, and shows the furthest stage of several patterns", async () => {
    const loop = await seedCustomerLoop(db);
    const bo = await loop.contact("Bo");
    const signal = await loop.signal(bo.id, "Everything is slow");
    const [fixed, later] = [await loop.pattern("Slow search"), await loop.pattern("Slow start")];
    await loop.attach(fixed, signal);
    await loop.attach(later, signal);
    const deployed = await loop.ship(await loop.improvement(fixed, { title: "t", why: "", what: "", how: "" }));
    // Patterns come in the order they were attached; two attached within the same millisecond (PGlite's
    // clock) may come either way, so they are looked up by title.
    const byTitle = async () => {
      const [view] = (await customerView(db, bo.id)).signals;
      return { stage: view?.stage, patterns: Object.fromEntries((view?.patterns ?? []).map((p) => [p.title, p])) };
    };
    expect(await byTitle()).toMatchObject({
      stage: "shipped",
      patterns: {
        "Slow search": { stage: "shipped", shipped: { notificationId: expect.any(String) } },
        "Slow start": { stage: "attached", shipped: null },
      },
    });
    await updateDeploymentStatus(db, "test", deployed.deployment.id, "rolled_back");
    // The rollback reopened the pattern: its fix is planned again, and nobody is asked about it.
    expect((await byTitle()).patterns["Slow search"]).toEqual({
      title: "Slow search",
      stage: "planned",
      shipped: null,
    });
  });

  it("answers not_found for a contact that does not exist or a notification that is not one", async () => {
    const loop = await seedCustomerLoop(db);
    const cy = await loop.contact("Cy");
    await expect(customerView(db, "01890a5d-ac96-774b-bcce-b302099a8057")).rejects.toMatchObject({ code: "not_found" });
    await expect(answerFromCustomerView(db, cy.id, "not-a-uuid", "works")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("queues one link per contact per interval, also just after an interval's boundary", async () => {
    const loop = await seedCustomerLoop(db);
    const di = await loop.contact("Di");
    const rows = () =>
      db.query<{ key: string }>(
        "select idempotency_key as key from outbox where kind = 'customer_link' and payload->>'contactId' = $1",
        [di.id],
      );
    const [{ n } = { n: "0" }] = await db.query<{ n: string }>(
      "select floor(extract(epoch from now()) / 600)::bigint::text as n",
    );
    // A row of the previous interval, made a minute ago: the next request must not send another.
    await db.query(
      `insert into outbox (kind, idempotency_key, payload, status, created_at)
       values ('customer_link', $1, jsonb_build_object('contactId', $2::text), 'delivered', now() - interval '1 minute')`,
      [`customer_link:${di.id}:${BigInt(n) - 1n}`, di.id],
    );
    await requestCustomerLink(db, di.email ?? "");
    expect(await rows()).toHaveLength(1);
    await db.query("update outbox set created_at = now() - interval '11 minutes' where payload->>'contactId' = $1", [
      di.id,
    ]);
    await Promise.all([requestCustomerLink(db, di.email ?? ""), requestCustomerLink(db, di.email ?? "")]);
    expect((await rows()).map((row) => row.key).sort()).toEqual(
      [`customer_link:${di.id}:${BigInt(n) - 1n}`, `customer_link:${di.id}:${n}`].sort(),
    );
    await requestCustomerLink(db, `unknown-${loop.tag}@mail.example`);
    expect(await rows()).toHaveLength(2);
  });
});
