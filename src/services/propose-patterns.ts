import { AppError, notFound } from "../core/errors.js";
import { type Proposal, proposePatterns, readableTerms } from "../core/matching.js";
import type { Db, Queryable } from "../db/connect.js";
import { insertAttachments } from "./attach-signals.js";
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

/** A signal a proposal named that was attached to a pattern since, left where it is. */
export interface SkippedSignal {
  signalId: string;
  patternIds: string[];
}

/** A pattern made from a proposal, with how many of its signals it took and those it left. */
export type AcceptedProposal = Presented & { attached: number; skipped: SkippedSignal[] };

/**
 * Accepts a proposal: creates the pattern and attaches its signals, in one transaction (one "created"
 * and one "attached" timeline event). Only the signals still attached to no pattern are taken: a
 * proposal is a view of the triage queue, and a signal a person put on a pattern since (or an earlier
 * accept of the same proposal took) stays there, named in `skipped`. When none is left, nothing is made
 * (409 signals_attached).
 */
export async function acceptProposal(
  db: Db,
  actor: Actor,
  input: { loopId: string; title: string; description?: string; signalIds: string[] },
): Promise<AcceptedProposal> {
  return inTransaction(db, actor, async (tx) => {
    const { signalIds, ...fields } = input;
    const asked = [...new Set(signalIds)];
    // The signals' rows, locked in id order: two accepts of one proposal (a double click, two people)
    // take turns, and the second sees what the first attached (a new statement, a new snapshot) instead
    // of making a second pattern of the same signals. An attachment by hand does not lock signals: one
    // committed before the next statement is seen; one racing it may still give a signal two patterns,
    // as attaching it to two by hand would.
    const found = await tx.query<{ id: string }>(
      "select id from signals where id = any($1::uuid[]) order by id for no key update",
      [asked],
    );
    const missing = signalIds.find((id) => !found.some((row) => row.id === id));
    if (missing) throw notFound("signal", missing, `body.signalIds.${signalIds.indexOf(missing)}`);
    const taken = await tx.query<{ signal_id: string; pattern_ids: string[] }>(
      `select signal_id, array_agg(pattern_id order by attached_at, pattern_id) as pattern_ids
         from signal_patterns where signal_id = any($1::uuid[]) group by signal_id`,
      [asked],
    );
    const skipped = new Map(taken.map((row) => [row.signal_id, row.pattern_ids]));
    const free = asked.filter((id) => !skipped.has(id));
    if (free.length === 0) {
      throw new AppError(
        "signals_attached",
        `${asked.length === 1 ? "The signal was" : `All ${asked.length} signals were`} attached to a pattern since the proposal was made: nothing was created. Ask for the proposals again.`,
        { path: "body.signalIds" },
      );
    }
    const pattern = await createRecord(tx, resources.pattern, fields);
    await insertAttachments(
      tx,
      free.map((signalId) => ({ signalId, patternId: pattern.id, score: 1 })),
    );
    const made = await getRecord(tx, resources.pattern, pattern.id);
    return {
      ...made,
      attached: free.length,
      // In the order the request named them.
      skipped: asked.flatMap((signalId) => {
        const patternIds = skipped.get(signalId);
        return patternIds ? [{ signalId, patternIds }] : [];
      }),
    };
  });
}
