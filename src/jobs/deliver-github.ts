import { z } from "zod";
import { AppError } from "../core/errors.js";
import { channelOfComponent, loadGithubChannel } from "../integrations/github/channel.js";
import { createIssue } from "../integrations/github/post.js";
import { issueMarker } from "../services/github/apply-component-issue.js";
import { applyGithubEvent } from "../services/github/apply-github-event.js";
import { type BackfillPosition, backfillGithubPage } from "../services/github/backfill-github-page.js";
import type { Tx } from "../services/transaction.js";
import { type DeliveryContext, type OutboxHandler, type OutboxRow, PermanentDeliveryError } from "./outbox-handler.js";

/** Keeps what a handler learnt in its outbox row (the row is ours while it is 'sending'). */
async function remember(context: DeliveryContext, row: OutboxRow, facts: Record<string, unknown>) {
  await context.db.query("update outbox set payload = payload || $2::jsonb where id = $1", [
    row.id,
    JSON.stringify(facts),
  ]);
}

/**
 * An input Loopwork refuses (an invalid transition, a bad value) will be refused on every retry: it is a
 * dead letter at once, its reason shown. A conflict (a concurrent write) is worth retrying.
 */
function permanent(error: unknown): unknown {
  if (error instanceof AppError && error.code !== "conflict") return new PermanentDeliveryError(error.message);
  return error;
}

const eventPayload = z.object({ channelId: z.uuid(), event: z.string(), delivery: z.string(), body: z.unknown() });

/** Kind github_event: one verified webhook delivery, applied to the loop (services/github). */
export const githubEventHandler: OutboxHandler = {
  deliver: async (row, context) => {
    const parsed = eventPayload.safeParse(row.payload);
    if (!parsed.success) throw new PermanentDeliveryError(`Outbox row ${row.id} holds no GitHub delivery.`);
    const channel = await loadGithubChannel(context.db, parsed.data.channelId);
    if (!channel) throw new PermanentDeliveryError(`The GitHub channel ${parsed.data.channelId} was removed.`);
    context.useTransport("github");
    try {
      const result = await applyGithubEvent(context.db, channel, parsed.data.event, parsed.data.body);
      await remember(context, row, { result });
    } catch (error) {
      throw permanent(error);
    }
  },
  delivered: async () => {},
  dead: async () => {},
};

const issuePayload = z.object({ issueId: z.uuid() });

/** Kind github_issue: a Loopwork issue of an approved improvement, created in its component's repository. */
export const githubIssueHandler: OutboxHandler = {
  deliver: async (row, context) => {
    const parsed = issuePayload.safeParse(row.payload);
    if (!parsed.success) throw new PermanentDeliveryError(`Outbox row ${row.id} names no issue.`);
    const [issue] = await context.db.query<{
      id: string;
      component_id: string;
      number: number | null;
      title: string;
      body: string;
    }>("select id, component_id, number, title, body from issues where id = $1", [parsed.data.issueId]);
    if (!issue) throw new PermanentDeliveryError(`Issue ${parsed.data.issueId} does not exist.`);
    if (issue.number !== null) return;
    const channel = await channelOfComponent(context.db, issue.component_id);
    if (!channel?.token) throw new PermanentDeliveryError("The component has no GitHub channel with a githubToken.");
    context.useTransport("github");
    const created = await createIssue(channel, { title: issue.title, body: issue.body }, issueMarker(issue.id));
    await remember(context, row, { number: created.number, url: created.url });
  },
  delivered: async (tx: Tx, row: OutboxRow) => {
    const [current] = await tx.query<{ payload: { issueId?: string; number?: number; url?: string } }>(
      "select payload from outbox where id = $1",
      [row.id],
    );
    const { issueId, number, url } = current?.payload ?? {};
    if (!issueId || !number) return;
    // The issues webhook may have recorded it first (its marker names this issue): then nothing changes.
    const [updated] = await tx.query<{ id: string }>(
      "update issues set number = $2, url = $3, updated_at = now() where id = $1 and number is null returning id",
      [issueId, number, url ?? null],
    );
    if (updated) {
      tx.record({
        entityType: "issue",
        entityId: issueId,
        verb: "updated",
        before: { number: null },
        after: { number, url },
      });
    }
  },
  dead: async () => {},
};

const backfillPayload = z.object({
  channelId: z.uuid(),
  phase: z.enum(["issues", "pulls"]).default("issues"),
  page: z.number().int().positive().default(1),
  imported: z.number().int().nonnegative().default(0),
});

/**
 * Kind github_backfill: the open issues and pull requests of a channel's repository, page by page. The
 * position is kept in the row after every page, so a retry (a crash, a rate limit) resumes there.
 */
export const githubBackfillHandler: OutboxHandler = {
  deliver: async (row, context) => {
    const parsed = backfillPayload.safeParse(row.payload);
    if (!parsed.success) throw new PermanentDeliveryError(`Outbox row ${row.id} names no channel to backfill.`);
    const channel = await loadGithubChannel(context.db, parsed.data.channelId);
    if (!channel?.token) throw new PermanentDeliveryError("The GitHub channel is gone or has no githubToken.");
    context.useTransport("github");
    let at: BackfillPosition | null = { phase: parsed.data.phase, page: parsed.data.page };
    let imported = parsed.data.imported;
    while (at) {
      const page: { imported: number; next: BackfillPosition | null } = await backfillGithubPage(
        context.db,
        channel,
        at,
      ).catch((error: unknown) => {
        throw permanent(error);
      });
      imported += page.imported;
      at = page.next;
      await remember(context, row, at ? { ...at, imported } : { done: true, imported });
    }
  },
  delivered: async () => {},
  dead: async () => {},
};
