import { z } from "zod";
import type { Db } from "../db/connect.js";
import { newId } from "../db/ids.js";
import { type Presented, present } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/** One incoming signal as a channel or the API delivers it. */
export const signalInput = z.strictObject({
  channelId: z.uuid(),
  contactId: z.uuid().optional(),
  /** A contact found (by email) or created on the fly. */
  contact: z
    .strictObject({
      email: z.email().max(320),
      name: z.string().trim().min(1).max(200).optional(),
      account: z.string().max(200).optional(),
      weight: z.number().positive().max(1_000_000).optional(),
    })
    .optional(),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(100_000).default(""),
  urgency: z.enum(["low", "normal", "high", "critical"]).default("normal"),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  threadRef: z.string().min(1).max(2000).optional(),
  externalId: z.string().min(1).max(500).optional(),
  productVersion: z.string().min(1).max(100).optional(),
  raw: z.unknown().optional(),
  patternIds: z.array(z.uuid()).max(100).default([]),
  score: z.number().min(0).max(1).default(1),
});
export type SignalInput = z.infer<typeof signalInput>;

/**
 * Creates signals in one transaction: contacts found by email or created, signals inserted in one
 * statement, attached to their patterns (whose priorities are then due a refresh), one timeline event each.
 * A signal whose externalId the channel already delivered is returned as it is, not duplicated.
 */
export async function createSignals(db: Db, actor: Actor, inputs: SignalInput[]): Promise<Presented[]> {
  return inTransaction(db, actor, async (tx) => {
    const emails = [...new Set(inputs.flatMap((s) => (s.contact ? [s.contact.email.toLowerCase()] : [])))];
    const contactIds = new Map<string, string>();
    if (emails.length > 0) {
      const byEmail = new Map(inputs.flatMap((s) => (s.contact ? [[s.contact.email.toLowerCase(), s.contact]] : [])));
      const rows = await tx.query<{ id: string; email: string; created: boolean }>(
        `with wanted as (
           select * from jsonb_to_recordset($1::jsonb) as w(email text, name text, account text, weight real)
         ), existing as (
           -- "= any(array(…))", not a join: the planner guesses 100 wanted rows and would scan contacts.
           select c.id, lower(c.email) as email from contacts c
            where lower(c.email) = any(array(select email from wanted)) and c.email is not null
         ), created as (
           insert into contacts (email, name, account, weight)
           select w.email, coalesce(w.name, w.email), w.account, coalesce(w.weight, 1) from wanted w
            where w.email <> all(array(select email from existing))
           on conflict do nothing returning id, lower(email) as email
         )
         select id, email, true as created from created
         union all
         select id, email, false from existing`,
        [JSON.stringify([...byEmail].map(([email, c]) => ({ ...c, email })))],
      );
      for (const row of rows) {
        contactIds.set(row.email, row.id);
        if (row.created)
          tx.record({ entityType: "contact", entityId: row.id, verb: "created", after: { email: row.email } });
      }
      // A contact created by a concurrent transaction is invisible to the statement above: look again.
      const missing = emails.filter((email) => !contactIds.has(email));
      if (missing.length > 0) {
        const late = await tx.query<{ id: string; email: string }>(
          "select id, lower(email) as email from contacts where lower(email) = any($1::text[])",
          [missing],
        );
        for (const row of late) contactIds.set(row.email, row.id);
      }
    }
    // Ids made here (time-ordered, in input order), so attachments need no matching of returned rows.
    const rows = inputs.map((s) => ({
      id: newId(),
      channel_id: s.channelId,
      contact_id: s.contactId ?? (s.contact ? contactIds.get(s.contact.email.toLowerCase()) : null) ?? null,
      title: s.title,
      body: s.body,
      urgency: s.urgency,
      received_at: s.receivedAt ?? null,
      thread_ref: s.threadRef ?? null,
      external_id: s.externalId ?? null,
      product_version: s.productVersion ?? null,
      raw: s.raw ?? null,
    }));
    const inserted = await tx.query<Record<string, unknown> & { id: string }>(
      `insert into signals (id, channel_id, contact_id, title, body, urgency, received_at, thread_ref, external_id,
                            product_version, raw)
       select id, channel_id, contact_id, title, body, urgency, coalesce(received_at, now()), thread_ref,
              external_id, product_version, raw
         from jsonb_to_recordset($1::jsonb) as s(id uuid, channel_id uuid, contact_id uuid, title text,
              body text, urgency text, received_at timestamptz, thread_ref text, external_id text,
              product_version text, raw jsonb)
       on conflict (channel_id, external_id) where external_id is not null do nothing
       returning *`,
      [JSON.stringify(rows)],
    );
    const insertedIds = new Set(inserted.map((row) => row.id));
    const attachments = inputs.flatMap((input, i) => {
      const signalId = rows[i]?.id;
      if (!(signalId && insertedIds.has(signalId))) return [];
      return input.patternIds.map((patternId) => ({ signal_id: signalId, pattern_id: patternId, score: input.score }));
    });
    if (attachments.length > 0) {
      // The patterns' priorities are refreshed by the worker (jobs/priority-refresher.ts), not here: this
      // is the hot path of every channel, and one pattern may have tens of thousands of signals.
      await tx.query(
        `with attached as (
           insert into signal_patterns (signal_id, pattern_id, score, attached_by)
           select a.signal_id, a.pattern_id, a.score, $2
             from jsonb_to_recordset($1::jsonb) as a(signal_id uuid, pattern_id uuid, score real)
           on conflict do nothing returning pattern_id)
         update patterns set priority_stale = true
          where not priority_stale and id in (select pattern_id from attached)`,
        [JSON.stringify(attachments), actor],
      );
    }
    const created = inserted.map((row) => ({
      ...present(resources.signal, row),
      patternIds: attachments.filter((a) => a.signal_id === row.id).map((a) => a.pattern_id),
    }));
    tx.record(
      ...created.map((signal) => ({ entityType: "signal", entityId: signal.id, verb: "created", after: signal })),
    );
    const duplicates = inputs.filter((s) => s.externalId && !inserted.some((row) => row.external_id === s.externalId));
    if (duplicates.length === 0) return created;
    const existing = await tx.query(
      `select *, array(select pattern_id from signal_patterns where signal_id = s.id) as pattern_ids
         from signals s where (channel_id, external_id) in (select * from unnest($1::uuid[], $2::text[]))`,
      [duplicates.map((s) => s.channelId), duplicates.map((s) => s.externalId)],
    );
    return [...created, ...existing.map((row) => present(resources.signal, row))];
  });
}
