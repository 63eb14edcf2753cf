import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { createSignals } from "../services/create-signals.js";
import { getRecord } from "../services/records.js";
import { resources } from "../services/resources.js";
import { refreshDuePriorities } from "./priority-refresher.js";

let db: Db;
afterEach(async () => db?.close());

describe(`priority refresh (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("raises a pattern's priority after new signals, once, and more for urgent ones", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const calm = await make(db, "pattern", { title: "Calm" });
    const urgent = await make(db, "pattern", { title: "Urgent" });
    const signal = (patternId: string, urgency: "low" | "critical", email: string) => ({
      channelId: channel.id,
      contact: { email },
      title: "Something",
      body: "",
      urgency,
      patternIds: [patternId],
      score: 1,
    });
    await createSignals(db, "test", [
      signal(calm.id, "low", "a@example.com"),
      signal(urgent.id, "critical", "b@example.com"),
    ]);
    expect((await getRecord(db, resources.pattern, calm.id)).priorityStale).toBe(true);

    expect(await refreshDuePriorities(db)).toBe(2);
    const [calmAfter, urgentAfter] = await Promise.all([
      getRecord(db, resources.pattern, calm.id),
      getRecord(db, resources.pattern, urgent.id),
    ]);
    expect(calmAfter.priorityStale).toBe(false);
    expect(Number(urgentAfter.priority)).toBeGreaterThan(Number(calmAfter.priority));
    expect(Number(calmAfter.priority)).toBeGreaterThan(0);
    expect(await refreshDuePriorities(db)).toBe(0);
  });
});
