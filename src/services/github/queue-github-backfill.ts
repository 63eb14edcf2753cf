import { AppError } from "../../core/errors.js";
import type { Db } from "../../db/connect.js";
import { loadGithubChannel } from "../../integrations/github/channel.js";
import { type Actor, inTransaction, outboxChannel } from "../transaction.js";

/**
 * Queues the one-time import of a GitHub channel's open issues and pull requests (an outbox row of kind
 * github_backfill; jobs/deliver-github.ts pages through them, keeping its page in the row, so a retry
 * resumes where it stopped). Once per channel: asking again answers the row queued the first time.
 */
export async function queueGithubBackfill(
  db: Db,
  actor: Actor,
  channelId: string,
): Promise<{ outboxId: string; status: string; queued: boolean }> {
  const channel = await loadGithubChannel(db, channelId);
  // The route checked that the channel exists and the caller manages it: it is another kind of channel.
  if (!channel) {
    throw new AppError("invalid_input", "Only a GitHub channel with a repository can be backfilled.", {
      path: "params.id",
    });
  }
  if (!channel.token) {
    throw new AppError("invalid_input", "The channel has no githubToken: set one to read the repository.", {
      path: "config.githubToken",
    });
  }
  return inTransaction(db, actor, async (tx) => {
    const key = `github_backfill:${channel.id}`;
    const [queued] = await tx.query<{ id: string; status: string }>(
      `insert into outbox (kind, idempotency_key, payload) values ('github_backfill', $1, jsonb_build_object('channelId', $2::text, 'page', 1))
       on conflict (idempotency_key) do nothing returning id, status`,
      [key, channel.id],
    );
    if (queued) {
      tx.record({
        entityType: "channel",
        entityId: channel.id,
        verb: "backfill_queued",
        after: { outboxId: queued.id },
      });
      await tx.query("select pg_notify($1, '')", [outboxChannel]);
      return { outboxId: queued.id, status: queued.status, queued: true };
    }
    const [existing] = await tx.query<{ id: string; status: string }>(
      "select id, status from outbox where idempotency_key = $1",
      [key],
    );
    if (!existing) throw new AppError("conflict", "The backfill was queued concurrently: ask again.");
    return { outboxId: existing.id, status: existing.status, queued: false };
  });
}
