import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { seedDelivery } from "../../test/helpers/delivery-fixtures.js";
import { type Answer, signAnswerToken } from "../core/answer-link.js";
import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { recordAnswer } from "./record-answer.js";

const secret = randomBytes(32);
const inADay = () => Math.floor(Date.now() / 1000) + 86_400;
const tokenFor = (notificationId: string | undefined, answer: Answer, expiresAt = inADay()) =>
  signAnswerToken(secret, { notificationId: notificationId ?? "", answer, expiresAt });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe(`recordAnswer (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(async () => db?.close());

  const counts = async () =>
    (
      await db.query(
        `select (select count(*) from signals) as signals, (select count(*) from signal_patterns) as attached,
                (select count(*) from timeline_events) as events,
                (select count(*) from notifications where answer is not null) as answered,
                (select count(*) from patterns where status = 'open') as open`,
      )
    )[0];

  it("refuses tampered, foreign and expired links with stable codes, and writes nothing", async () => {
    const seeded = await seedDelivery(db);
    const before = await counts();
    const good = tokenFor(seeded.notifications[0], "still_broken");
    const tampered = good.replace(".still_broken.", ".works.");
    const foreign = signAnswerToken(randomBytes(32), {
      notificationId: seeded.notifications[0] ?? "",
      answer: "works",
      expiresAt: inADay(),
    });
    const expired = tokenFor(seeded.notifications[0], "still_broken", Math.floor(Date.now() / 1000) - 1);
    expect(await codeOf(recordAnswer(db, secret, tampered))).toBe("invalid_signature");
    expect(await codeOf(recordAnswer(db, secret, foreign))).toBe("invalid_signature");
    expect(await codeOf(recordAnswer(db, secret, "garbage"))).toBe("invalid_signature");
    expect(await codeOf(recordAnswer(db, secret, expired))).toBe("link_expired");
    expect(await codeOf(recordAnswer(db, secret, good, "works"))).toBe("invalid_input");
    expect(await counts()).toEqual(before);
  });

  it("records 'works' once, however often it is clicked", async () => {
    const seeded = await seedDelivery(db);
    const token = tokenFor(seeded.notifications[0], "works");
    const first = await recordAnswer(db, secret, token, "works");
    expect(first).toMatchObject({
      recorded: true,
      signal: { kind: "works", title: `Works now: ${seeded.patternTitle}`, channelId: seeded.channelId },
      pattern: { id: seeded.patternId, status: "addressed" },
      notification: { id: seeded.notifications[0], answer: "works", answeredAt: expect.any(Date) },
    });
    expect(first.signal).toMatchObject({ contactId: seeded.contacts[0]?.id, threadRef: "<original-1@mail.example>" });
    const after = await counts();
    const again = await Promise.all([recordAnswer(db, secret, token), recordAnswer(db, secret, token)]);
    expect(again.map((result) => [result.recorded, result.signal.id])).toEqual([
      [false, first.signal.id],
      [false, first.signal.id],
    ]);
    expect(await counts()).toEqual(after);
    expect(
      await db.query(
        "select kind from signals s join signal_patterns sp on sp.signal_id = s.id where sp.pattern_id = $1 order by kind",
        [seeded.patternId],
      ),
    ).toEqual([{ kind: "report" }, { kind: "works" }]);
  });

  it("does not let a link about an earlier fix reopen a pattern a later fix addressed", async () => {
    const seeded = await seedDelivery(db);
    // The pattern was reopened and addressed again since this notification (generation 1) went out.
    await db.query("update patterns set generation = 2 where id = $1", [seeded.patternId]);
    const result = await recordAnswer(db, secret, tokenFor(seeded.notifications[0], "still_broken"));
    expect(result.recorded).toBe(true);
    expect(result.pattern).toEqual({ id: seeded.patternId, status: "addressed" });
  });

  it("reopens an addressed pattern on 'still_broken', with the new signal attached and on the timeline", async () => {
    const seeded = await seedDelivery(db);
    const result = await recordAnswer(db, secret, tokenFor(seeded.notifications[0], "still_broken"));
    expect(result.pattern).toEqual({ id: seeded.patternId, status: "open" });
    expect(await db.query("select status from patterns where id = $1", [seeded.patternId])).toEqual([
      { status: "open" },
    ]);
    expect(
      await db.query("select attached_by from signal_patterns where signal_id = $1 and pattern_id = $2", [
        result.signal.id,
        seeded.patternId,
      ]),
    ).toEqual([{ attached_by: "system:answer" }]);
    expect(await db.query("select kind, title from signals where id = $1", [result.signal.id])).toEqual([
      { kind: "still_broken", title: `Still broken: ${seeded.patternTitle}` },
    ]);
    const events = await db.query<{
      actor: string;
      entity_type: string;
      verb: string;
      before: unknown;
      after: unknown;
    }>(
      "select actor, entity_type, verb, before, after from timeline_events where entity_id = any($1::text[]) order by id",
      [[result.signal.id, seeded.patternId, seeded.notifications[0]]],
    );
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set([`contact:${seeded.contacts[0]?.id}`]));
    expect(events.map((e) => `${e.entity_type} ${e.verb}`)).toEqual([
      "signal created",
      "pattern attached",
      "notification answered",
      "pattern reopen",
    ]);
    expect(events.at(-1)).toMatchObject({
      before: { status: "addressed" },
      after: { status: "open", signalId: result.signal.id },
    });

    // A second person saying the same of the now open pattern adds their signal but reopens nothing.
    const other = await db.query<{ id: string }>(
      `insert into notifications (pattern_id, contact_id, generation, signal_id, deployment_id, first_signal_at)
       select pattern_id, contact_id, 2, signal_id, deployment_id, first_signal_at from notifications where id = $1
       returning id`,
      [seeded.notifications[0]],
    );
    const second = await recordAnswer(db, secret, tokenFor(other[0]?.id, "still_broken"));
    expect(second).toMatchObject({ recorded: true, pattern: { status: "open" } });
    expect(
      await db.query("select count(*)::int as n from timeline_events where verb = 'reopen' and entity_id = $1", [
        seeded.patternId,
      ]),
    ).toEqual([{ n: 1 }]);
  });
});
