import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../../test/helpers/loopback-smtp.js";
import type { Db } from "../db/connect.js";
import { createSignals } from "../services/create-signals.js";
import { queueEmergingDigests, setEmergingDigest } from "../services/emerging-digests.js";
import { setMembership } from "../services/memberships.js";
import { inTransaction } from "../services/transaction.js";
import { deliverDue } from "./outbox-worker.js";

const config = (smtpUrl: string) => ({
  publicUrl: "https://loop.example",
  emailFrom: "Loopwork <loopwork@loop.example>",
  smtpUrl,
});

describe(`the daily digest of emerging patterns (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  let smtp: LoopbackSmtp;
  beforeAll(async () => {
    [db, smtp] = await Promise.all([freshDb(), startLoopbackSmtp()]);
  });
  afterAll(async () => {
    await db?.close();
    await smtp?.close();
  });

  it("emails each owner who opted in once a day, naming the loop's emerging patterns", async () => {
    const { loop, channel } = await twoProductsSharingAComponent(db);
    const person = async (email: string, role: "owner" | "builder", optIn: boolean) => {
      const [user] = await db.query<{ id: string }>("insert into users (email, name) values ($1, $2) returning id", [
        email,
        email.split("@")[0],
      ]);
      const userId = user?.id as string;
      await inTransaction(db, "test", (tx) => setMembership(tx, loop.id, userId, role));
      if (optIn) await setEmergingDigest(db, "test", { userId, loopId: loop.id, enabled: true });
      return userId;
    };
    await person("olga@team.example", "owner", true);
    await person("otis@team.example", "owner", false);
    await person("bea@team.example", "builder", true);
    const hot = await make(db, "pattern", { loopId: loop.id, title: "Checkout spins forever" });
    const calm = await make(db, "pattern", { loopId: loop.id, title: "Old typo" });
    await createSignals(db, "test", [
      ...[1, 2, 3].map((n) => ({
        channelId: channel.id,
        contact: { email: `buyer${n}@example.com` },
        title: `Checkout ${n}`,
        body: "",
        urgency: "normal" as const,
        patternIds: [hot.id],
        score: 1,
      })),
      { channelId: channel.id, title: "Typo", body: "", urgency: "low" as const, patternIds: [calm.id], score: 1 },
    ]);
    expect(await queueEmergingDigests(db)).toBe(1);
    // Again the same day: nothing more.
    expect(await queueEmergingDigests(db)).toBe(0);
    expect(await deliverDue(db, config(smtp.url), 10)).toBe(1);
    const mails = smtp.messages.filter((m) => m.subject?.startsWith("Emerging in"));
    expect(mails.map((m) => (m.to && "text" in m.to ? m.to.text : ""))).toEqual([
      expect.stringContaining("olga@team.example"),
    ]);
    expect(mails[0]?.subject).toBe("Emerging in Core: Checkout spins forever");
    expect(mails[0]?.text).toContain(`https://loop.example/patterns/${hot.id}/priority`);
    expect(mails[0]?.text).not.toContain("Old typo");
  });
});
