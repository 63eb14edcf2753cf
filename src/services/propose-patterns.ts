import { notFound } from "../core/errors.js";
import { type Proposal, proposePatterns, readableTerms } from "../core/matching.js";
import type { Db, Queryable } from "../db/connect.js";
import { createRecord, getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { rarity, termsOf, termsSql } from "./suggest-patterns.js";
import { type Actor, inTransaction } from "./transaction.js";

/** Unattached reports the proposals look at, newest first (pairs are compared: quadratic). */
export const proposalWindow = 300;
/** The mean similarity a proposed group's reports reach (average linkage; docs/MATCHING.md, "New patterns"). */
export const proposalThreshold = 0.2;

/** A loop a proposal's signals come from, and how many of them. */
export interface ProposalLoop {
  loopId: string;
  signals: number;
}

/**
 * The loops signals come from (each signal's channel's), the one most come from first; a tie goes to
 * the loop of the signal listed first.
 */
export function loopsOf(signalIds: string[], loopOf: Map<string, string>): ProposalLoop[] {
  const counts = new Map<string, number>();
  for (const id of signalIds) {
    const loopId = loopOf.get(id);
    if (loopId) counts.set(loopId, (counts.get(loopId) ?? 0) + 1);
  }
  // Sorting is stable: equal counts keep the order in which their loops first appear.
  return [...counts].map(([loopId, signals]) => ({ loopId, signals })).sort((a, b) => b.signals - a.signals);
}

/**
 * New patterns to propose: among the newest unattached reports (of one channel, if given), groups of
 * three or more that resemble each other, each with a suggested title and the loops its signals come
 * from (a pattern is made in one: the person chooses). Terms are weighted by their rarity among all
 * signals (as for suggestions).
 */
export async function listProposals(
  q: Queryable,
  options: { channelId?: string; threshold?: number },
): Promise<{ items: (Proposal & { loops: ProposalLoop[] })[] }> {
  const rows = await q.query<{
    id: string;
    title: string;
    body: string;
    loop_id: string;
    title_terms: string[];
    body_terms: string[];
  }>(
    `select s.id, s.title, s.body, c.loop_id, ${termsSql("s.title", "s.body")}
       from signals s join channels c on c.id = s.channel_id
      where s.kind = 'report' and not exists (select 1 from signal_patterns sp where sp.signal_id = s.id)
        and ($1::uuid is null or s.channel_id = $1)
      order by s.id desc limit $2`,
    [options.channelId ?? null, proposalWindow],
  );
  const signals = rows.map((row) => ({ id: row.id, title: row.title, terms: termsOf(row) }));
  const { idf } = await rarity(q, [...new Set(signals.flatMap((s) => [...s.terms.title, ...s.terms.body]))]);
  const texts = new Map(rows.map((row) => [row.id, `${row.title}\n${row.body}`]));
  const loopOf = new Map(rows.map((row) => [row.id, row.loop_id]));
  const proposals = proposePatterns(signals, idf, { threshold: options.threshold ?? proposalThreshold, minSize: 3 });
  // Stems and feature keys ("applic", "code:ENOENT") as the reports wrote them, for people to read.
  return {
    items: proposals.map((p) => ({
      ...p,
      sharedTerms: readableTerms(
        p.sharedTerms,
        p.signalIds.map((id) => texts.get(id) ?? ""),
      ),
      loops: loopsOf(p.signalIds, loopOf),
    })),
  };
}

/**
 * Accepts a proposal: creates the pattern and attaches its signals, in one transaction (one "created"
 * and one "attached" timeline event).
 */
export async function acceptProposal(
  db: Db,
  actor: Actor,
  input: { loopId: string; title: string; description?: string; signalIds: string[] },
): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    const { signalIds, ...fields } = input;
    const found = await tx.query<{ id: string }>("select id from signals where id = any($1::uuid[])", [signalIds]);
    const missing = signalIds.find((id) => !found.some((row) => row.id === id));
    if (missing) throw notFound("signal", missing, `body.signalIds.${signalIds.indexOf(missing)}`);
    const pattern = await createRecord(tx, resources.pattern, fields);
    const attached = await tx.query<{ signal_id: string }>(
      `insert into signal_patterns (signal_id, pattern_id, score, attached_by)
       select id, $2, 1, $3 from signals where id = any($1::uuid[]) on conflict do nothing returning signal_id`,
      [signalIds, pattern.id, actor],
    );
    if (attached.length > 0) {
      tx.record({
        entityType: "pattern",
        entityId: pattern.id,
        verb: "attached",
        after: { signalIds: attached.map((row) => row.signal_id), score: 1 },
      });
    }
    return getRecord(tx, resources.pattern, pattern.id);
  });
}
