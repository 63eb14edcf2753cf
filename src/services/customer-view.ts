import type { Answer } from "../core/answer-link.js";
import { type CustomerStage, type PatternFacts, signalStage, stageOnPattern } from "../core/customer-stage.js";
import { notFound } from "../core/errors.js";
import type { Db, Queryable } from "../db/connect.js";
import { recordVerifiedAnswer } from "./record-answer.js";

/** One pattern a customer's signal is attached to, as much of it as a customer may see. */
export interface CustomerPattern {
  /** The pattern's title only: its description, priority and improvements stay inside the company. */
  title: string;
  stage: CustomerStage;
  /** Set when the fix shipped and the contact was notified: the notification to answer, the release. */
  shipped: {
    notificationId: string;
    release: { product: string; name: string };
    answer: Answer | null;
    answeredAt: Date | null;
  } | null;
}

/** One of the contact's own signals and what became of it. */
export interface CustomerSignal {
  id: string;
  title: string;
  body: string;
  receivedAt: Date;
  channel: string;
  stage: CustomerStage;
  patterns: CustomerPattern[];
}

/** Everything the customers' own view shows: the contact's name and their own signals. */
export interface CustomerView {
  contact: { name: string };
  signals: CustomerSignal[];
}

interface Row {
  id: string;
  title: string;
  body: string;
  received_at: Date;
  channel: string;
  pattern_title: string | null;
  pattern_status: PatternFacts["status"] | null;
  planned: boolean | null;
  notification_id: string | null;
  answer: Answer | null;
  answered_at: Date | null;
  product_name: string | null;
  release_name: string | null;
}

// Every column is named: nothing is selected that the view does not show, so a new column on any of
// these tables (an internal note) cannot leak into it. Answers ("works", "still broken") are signals
// too, but they show as the stage of the signal they answer, not as signals of their own.
const signalsOfContact = `
  with mine as (
    select s.id, s.title, s.body, s.received_at, ch.name as channel
      from signals s join channels ch on ch.id = s.channel_id
     where s.contact_id = $1 and s.kind = 'report'
     order by s.received_at desc, s.id desc
     limit $2)
  select m.id, m.title, m.body, m.received_at, m.channel,
         p.title as pattern_title, p.status as pattern_status,
         exists (select 1 from improvement_patterns ip join improvements i on i.id = ip.improvement_id
                  where ip.pattern_id = p.id and i.status in ('approved', 'in_progress')) as planned,
         n.id as notification_id, n.answer, n.answered_at, pr.name as product_name, r.name as release_name
    from mine m
    left join signal_patterns sp on sp.signal_id = m.id
    left join patterns p on p.id = sp.pattern_id
    left join lateral (
      -- The latest notification of THIS contact about the pattern, skipping those a rollback withdrew.
      select n.id, n.answer, n.answered_at, n.deployment_id
        from notifications n join deployments d on d.id = n.deployment_id
       where n.pattern_id = p.id and n.contact_id = $1 and n.withdrawn_at is null
       order by n.generation desc limit 1) n on true
    left join deployments d on d.id = n.deployment_id
    left join releases r on r.id = d.release_id
    left join products pr on pr.id = r.product_id
   order by m.received_at desc, m.id desc, sp.attached_at, p.id`;

/** The most signals the view lists: the newest ones. */
export const customerViewLimit = 200;

/**
 * The customers' own view (issue #3): the contact's own signals, newest first, each with the stage it
 * has reached (core/customer-stage.ts). Nothing of other contacts, internal notes or plans is read.
 */
export async function customerView(db: Queryable, contactId: string): Promise<CustomerView> {
  const [contact] = await db.query<{ name: string }>("select name from contacts where id = $1", [contactId]);
  if (!contact) throw notFound("contact", contactId);
  const rows = await db.query<Row>(signalsOfContact, [contactId, customerViewLimit]);
  const signals = new Map<string, CustomerSignal>();
  for (const row of rows) {
    let signal = signals.get(row.id);
    if (!signal) {
      signal = {
        id: row.id,
        title: row.title,
        body: row.body,
        receivedAt: row.received_at,
        channel: row.channel,
        stage: "received",
        patterns: [],
      };
      signals.set(row.id, signal);
    }
    if (row.pattern_title !== null && row.pattern_status !== null) signal.patterns.push(presentPattern(row));
  }
  for (const signal of signals.values()) signal.stage = signalStage(signal.patterns.map((p) => p.stage));
  return { contact: { name: contact.name }, signals: [...signals.values()] };
}

function presentPattern(row: Row): CustomerPattern {
  const notified = row.notification_id !== null;
  const stage = stageOnPattern({
    status: row.pattern_status ?? "open",
    planned: row.planned === true,
    notification: notified ? { answer: row.answer } : null,
  });
  return {
    title: row.pattern_title ?? "",
    stage,
    shipped:
      row.notification_id !== null
        ? {
            notificationId: row.notification_id,
            release: { product: row.product_name ?? "", name: row.release_name ?? "" },
            answer: row.answer,
            answeredAt: row.answered_at,
          }
        : null,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records the contact's answer to one of their own notifications, from their view: the same path as
 * an answer link (record-answer.ts). A notification of another contact is not_found, exactly like one
 * that does not exist, so the view tells nobody which notifications exist.
 */
export async function answerFromCustomerView(
  db: Db,
  contactId: string,
  notificationId: string,
  answer: Answer,
): Promise<{ recorded: boolean; notification: { id: string; answer: Answer | null; answeredAt: Date | null } }> {
  if (!uuidPattern.test(notificationId)) throw notFound("notification", notificationId, "body.notificationId");
  const result = await recordVerifiedAnswer(db, {
    notificationId: notificationId.toLowerCase(),
    answer,
    contactId,
    via: "customer_view",
  });
  // Only what the contact needs: the signal, pattern and channel ids are the company's.
  return { recorded: result.recorded, notification: result.notification };
}
