import { type Answer, verifyAnswerToken } from "../core/answer-link.js";
import { AppError, notFound } from "../core/errors.js";
import { transition } from "../core/state-machines.js";
import type { Db } from "../db/connect.js";
import { disputePattern } from "./dispute-pattern.js";
import { inTransaction } from "./transaction.js";

/** What an answer changed: the signal it became, the pattern's status after it, the notification. */
export interface AnswerResult {
  /** True when this call recorded the answer, false when the same answer had been recorded before. */
  recorded: boolean;
  signal: { id: string; kind: Answer; title: string; channelId: string; contactId: string; threadRef: string | null };
  pattern: { id: string; status: string };
  notification: { id: string; answer: Answer | null; answeredAt: Date | null };
}

interface Answered {
  id: string;
  pattern_id: string;
  contact_id: string;
  generation: number;
  channel_id: string;
  thread_ref: string | null;
}

const titles: Record<Answer, string> = { works: "Works now", still_broken: "Still broken" };

/**
 * Records a person's answer from a signed link (DESIGN §2 step 6): the answer becomes a signal on the
 * pattern, in the same channel and thread; "still_broken" reopens an addressed pattern. The token is
 * checked before anything is read or written. Idempotent: the same answer twice records it once.
 * `answer`, when given (a form post), must be the one the link was signed for.
 */
export async function recordAnswer(
  db: Db,
  secret: Uint8Array,
  token: string,
  answer?: Answer,
  nowMs: number = Date.now(),
): Promise<AnswerResult> {
  const claims = verifyAnswerToken(secret, token, nowMs);
  if (answer !== undefined && answer !== claims.answer) {
    throw new AppError("invalid_input", `This link answers "${claims.answer}", not "${answer}".`, {
      path: "body.answer",
    });
  }
  return recordVerifiedAnswer(db, { notificationId: claims.notificationId, answer: claims.answer });
}

/** What an answer is about, once the caller has proved who may give it (a signed link, a customer link). */
export interface VerifiedAnswer {
  notificationId: string;
  answer: Answer;
  /** Only a notification of this contact may be answered: another's is not_found, like a missing one. */
  contactId?: string;
  /** Where the answer was given: the signed link in the notification (default) or the customer's own view. */
  via?: "answer_link" | "customer_view";
}

/**
 * Records an answer whose right to be given the caller has already checked: the one path every kind of
 * link shares, so each records, attaches and reopens alike. Idempotent like recordAnswer.
 */
export async function recordVerifiedAnswer(db: Db, verified: VerifiedAnswer): Promise<AnswerResult> {
  const { notificationId } = verified;
  const [found] = await db.query<Answered>(
    `select n.id, n.pattern_id, n.contact_id, n.generation, s.channel_id, s.thread_ref
       from notifications n join signals s on s.id = n.signal_id
      where n.id = $1 and ($2::uuid is null or n.contact_id = $2::uuid)`,
    [notificationId, verified.contactId ?? null],
  );
  if (!found) throw notFound("notification", notificationId);
  return inTransaction(db, `contact:${found.contact_id}`, async (tx) => {
    // The pattern row lock orders concurrent answers on one pattern: two "still broken" at once reopen
    // it once, and a repeat of the same answer waits for the first to commit and then sees its signal.
    const [pattern] = await tx.query<{
      id: string;
      status: string;
      title: string;
      generation: number;
      reopened_by_rollback: boolean;
    }>("select id, status, title, generation, reopened_by_rollback from patterns where id = $1 for update", [
      found.pattern_id,
    ]);
    if (!pattern) throw notFound("pattern", found.pattern_id);
    const kind = verified.answer;
    const externalId = `answer:${found.id}:${kind}`;
    const [inserted] = await tx.query<AnswerResult["signal"]>(
      `insert into signals (channel_id, contact_id, kind, title, body, thread_ref, external_id, raw)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       on conflict (channel_id, external_id) where external_id is not null do nothing
       returning id, kind, title, channel_id as "channelId", contact_id as "contactId", thread_ref as "threadRef"`,
      [
        found.channel_id,
        found.contact_id,
        kind,
        `${titles[kind]}: ${pattern.title}`.slice(0, 500),
        verified.via === "customer_view"
          ? `Answered "${kind}" on their own page, about notification ${found.id}.`
          : `Answered "${kind}" with the link in notification ${found.id}.`,
        found.thread_ref,
        externalId,
        JSON.stringify({ notificationId: found.id, answer: kind, ...(verified.via ? { via: verified.via } : {}) }),
      ],
    );
    if (!inserted) return unchanged(tx, found, pattern, externalId);
    tx.record({ entityType: "signal", entityId: inserted.id, verb: "created", after: inserted });
    await tx.query(
      `insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'system:answer')
       on conflict do nothing`,
      [inserted.id, pattern.id],
    );
    tx.record({
      entityType: "pattern",
      entityId: pattern.id,
      verb: "attached",
      after: { signalIds: [inserted.id], score: 1 },
    });
    const [notification] = await tx.query<AnswerResult["notification"] & { before: Answer | null }>(
      `update notifications n set answer = $2, answered_at = now() from notifications old
        where old.id = n.id and n.id = $1
        returning n.id, n.answer, n.answered_at as "answeredAt", old.answer as before`,
      [found.id, kind],
    );
    if (!notification) throw notFound("notification", found.id);
    const { before, ...answered } = notification;
    tx.record({
      entityType: "notification",
      entityId: found.id,
      verb: "answered",
      before: { answer: before },
      after: { answer: kind, signalId: inserted.id },
    });
    let status = pattern.status;
    // Only an answer about the fix that addressed the pattern last can reopen it: an old email's link
    // is about an earlier fix, which a later one has replaced.
    if (kind === "still_broken" && pattern.status === "addressed" && found.generation === pattern.generation) {
      status = transition("pattern", pattern.status, "reopen");
      await tx.query("update patterns set status = $2, updated_at = now() where id = $1", [pattern.id, status]);
      await disputePattern(tx, pattern.id);
      tx.record({
        entityType: "pattern",
        entityId: pattern.id,
        verb: "reopen",
        before: { status: pattern.status },
        after: { status, signalId: inserted.id, notificationId: found.id },
      });
    }
    // Open because a rollback took its fix back, and someone who still has the fix says it does not
    // work: disputed now, the same fix running again does not address it again.
    if (
      kind === "still_broken" &&
      pattern.status === "open" &&
      pattern.reopened_by_rollback &&
      found.generation === pattern.generation
    ) {
      await disputePattern(tx, pattern.id);
      tx.record({
        entityType: "pattern",
        entityId: pattern.id,
        verb: "updated",
        before: { reopenedByRollback: true },
        after: { reopenedByRollback: false, signalId: inserted.id, notificationId: found.id },
      });
    }
    return { recorded: true, signal: inserted, pattern: { id: pattern.id, status }, notification: answered };
  });
}

/** The result of an answer that was already recorded: nothing written, the state as it is. */
async function unchanged(
  tx: Pick<Db, "query">,
  found: Answered,
  pattern: { id: string; status: string },
  externalId: string,
): Promise<AnswerResult> {
  const [signal] = await tx.query<AnswerResult["signal"]>(
    `select id, kind, title, channel_id as "channelId", contact_id as "contactId", thread_ref as "threadRef"
       from signals where channel_id = $1 and external_id = $2`,
    [found.channel_id, externalId],
  );
  const [notification] = await tx.query<AnswerResult["notification"]>(
    `select id, answer, answered_at as "answeredAt" from notifications where id = $1`,
    [found.id],
  );
  if (!signal || !notification) throw notFound("notification", found.id);
  return { recorded: false, signal, pattern: { id: pattern.id, status: pattern.status }, notification };
}
