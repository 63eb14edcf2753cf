import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { type SmtpListener, startSmtpListener } from "../../src/integrations/email/smtp-listener.js";
import type { ReceiveOutcome } from "../../src/services/receive-email.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { make, mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import { emailInConfig, smtpClient } from "./email-fixtures.js";

let db: Db;
let listener: SmtpListener;
const outcomes: ReceiveOutcome[] = [];

beforeAll(async () => {
  db = await freshDb();
  listener = await startSmtpListener(db, emailInConfig(), (o) => outcomes.push(o));
});
afterAll(async () => {
  await listener?.close();
  await db?.close();
});

describe(`a reply to a snapback email (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("joins the signal's conversation whatever channel the signal came by (a widget's, the API's)", async () => {
    // Ana's signal came by a channel mail never reaches; she is told by email, from the support address.
    const { world, ship } = await mergedFixOnSharedComponent(db);
    await db.query("update channels set kind = 'widget' where id = $1", [world.channel.id]);
    const address = `${uniqueSlug("support")}@acme.example`;
    await make(db, "channel", {
      loopId: world.loop.id,
      slug: uniqueSlug("mail"),
      name: "Mail",
      kind: "email",
      config: { address },
    });
    await ship(world.productA.id, "1.0");
    await ship(world.productB.id, "1.0");
    const [told] = await db.query<{ id: string; signal_id: string }>(
      "select n.id, n.signal_id from notifications n join contacts c on c.id = n.contact_id where c.email = 'ana@example.com'",
    );
    expect(told).toBeDefined();
    const notificationMessageId = `<loopwork.notification.${told?.id}@acme.example>`;

    await smtpClient(listener.port).sendMail({
      from: "ana@example.com",
      to: address,
      subject: "Re: Fixed in Web 1.0: Edits lost",
      inReplyTo: notificationMessageId,
      references: notificationMessageId,
      text: "Works now, thanks!\n\nOn Tue, Loopwork wrote:\n> We have shipped a fix",
    });
    expect(outcomes.at(-1)).toMatchObject({ status: "joined", signalId: told?.signal_id });
    const messages = await db.query<{ body: string; direction: string }>(
      "select body, direction from messages where signal_id = $1 order by created_at, id",
      [told?.signal_id],
    );
    expect(messages.map((m) => m.body)).toContain("Works now, thanks!");
    // No new signal was made of the reply.
    const replies = await db.query("select 1 from signals where title like 'Re: Fixed in%'");
    expect(replies).toHaveLength(0);
  });
});
