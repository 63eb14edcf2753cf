import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { resolveProducts, type SignalInput } from "./create-signals.js";

/** What a batch of signals would do, written nowhere: an import's dry run. */
export interface SignalsCheck {
  signals: number;
  /** Signals that would be created. */
  new: number;
  /** Signals their channel already has (the same externalId): a repeat makes nothing, an import resumes. */
  duplicates: number;
  /** Positions in the batch of those duplicates. */
  duplicateIndexes: number[];
  /** People who would become contacts (distinct email addresses no contact has). */
  newContacts: number;
}

/**
 * Checks a batch as POST /signals/batch would take it, reading only: which signals are already there
 * (by channel and externalId), which people are new, and the same errors (an unknown product) it would
 * raise.
 */
export async function checkSignals(db: Db, inputs: SignalInput[]): Promise<SignalsCheck> {
  await resolveProducts(db, inputs);
  await refuseUnknownReferences(db, inputs);
  const keyed = inputs.flatMap((s, index) => (s.externalId ? [{ index, channel: s.channelId, id: s.externalId }] : []));
  const existing = keyed.length
    ? await db.query<{ channel_id: string; external_id: string }>(
        `select channel_id, external_id from signals
          where (channel_id, external_id) in (select * from unnest($1::uuid[], $2::text[]))`,
        [keyed.map((k) => k.channel), keyed.map((k) => k.id)],
      )
    : [];
  const seen = new Set(existing.map((row) => `${row.channel_id} ${row.external_id}`));
  // A batch naming one item twice makes it once: the second is a duplicate too.
  const duplicateIndexes: number[] = [];
  for (const k of keyed) {
    const key = `${k.channel} ${k.id}`;
    if (seen.has(key)) duplicateIndexes.push(k.index);
    seen.add(key);
  }
  // The people of the signals that would be written: a duplicate makes nobody (as createSignals).
  const repeats = new Set(duplicateIndexes);
  const emails = [
    ...new Set(inputs.flatMap((s, i) => (s.contact && !repeats.has(i) ? [s.contact.email.toLowerCase()] : []))),
  ];
  const known = emails.length
    ? await db.query<{ email: string }>("select lower(email) as email from contacts where lower(email) = any($1)", [
        emails,
      ])
    : [];
  return {
    signals: inputs.length,
    new: inputs.length - duplicateIndexes.length,
    duplicates: duplicateIndexes.length,
    duplicateIndexes,
    newContacts: emails.length - known.length,
  };
}

/**
 * The contact or pattern a signal names that does not exist (not_found), or a pattern merged into
 * another (pattern_merged), at its field, as the batch answers them (its reference checks, migration
 * 0038, and refuseMergedPattern). The dry run counted such a signal as new, and the import it was run
 * before then failed on it.
 */
async function refuseUnknownReferences(db: Db, inputs: SignalInput[]): Promise<void> {
  const contactIds = [...new Set(inputs.flatMap((s) => (s.contactId ? [s.contactId] : [])))];
  const patternIds = [...new Set(inputs.flatMap((s) => s.patternIds))];
  if (contactIds.length === 0 && patternIds.length === 0) return;
  const [found] = await db.query<{ contacts: string[]; patterns: { id: string; mergedIntoId: string | null }[] }>(
    `select array(select id::text from contacts where id = any($1::uuid[])) as contacts,
            coalesce((select json_agg(json_build_object('id', id, 'mergedIntoId', merged_into_id))
                        from patterns where id = any($2::uuid[])), '[]') as patterns`,
    [contactIds, patternIds],
  );
  const contacts = new Set(found?.contacts);
  const patterns = new Map(found?.patterns.map((p) => [p.id, p.mergedIntoId]));
  const at = (i: number, field: string) => (inputs.length > 1 ? `body.signals.${i}.${field}` : `body.${field}`);
  for (const [i, s] of inputs.entries()) {
    if (s.contactId && !contacts.has(s.contactId)) throw notFound("contact", s.contactId, at(i, "contactId"));
    for (const [j, id] of s.patternIds.entries()) {
      if (!patterns.has(id)) throw notFound("pattern", id, at(i, `patternIds.${j}`));
      const mergedInto = patterns.get(id);
      if (mergedInto) {
        throw new AppError("pattern_merged", `Pattern ${id} was merged into ${mergedInto}: use that one.`, {
          path: at(i, `patternIds.${j}`),
        });
      }
    }
  }
}
