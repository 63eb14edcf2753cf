import type { Db } from "../../db/connect.js";
import type { GithubChannel } from "../../integrations/github/channel.js";
import type { GithubIssue } from "../../integrations/github/payloads.js";
import { createSignals, signalInput } from "../create-signals.js";
import { type Actor, inTransaction } from "../transaction.js";
import { githubContact } from "./github-contact.js";

/** The marker Loopwork puts in what it posts on GitHub: its own comments are not read back as messages. */
export const loopworkMarker = "<!-- loopwork:";

/** The external id of the signal of an issue of a feedback repository. */
const externalIdOf = (issue: GithubIssue) => `issue:${issue.number}`;

/**
 * The signal of a feedback repository's issue, made the first time the issue is seen (opened, or first
 * commented on if it predates the channel): contact from its author, its URL as the thread that
 * snapback answers in. The same issue again is the same signal (channel + external id).
 */
export async function signalOfIssue(db: Db, actor: Actor, channel: GithubChannel, issue: GithubIssue) {
  const contactId = await githubContact(db, actor, issue.user.login);
  const [signal] = await createSignals(db, actor, [
    signalInput.parse({
      channelId: channel.id,
      contactId,
      title: issue.title.trim().slice(0, 500) || `Issue #${issue.number}`,
      body: (issue.body ?? "").slice(0, 100_000),
      threadRef: issue.html_url,
      externalId: externalIdOf(issue),
      ...(issue.created_at ? { receivedAt: new Date(issue.created_at).toISOString() } : {}),
      raw: { github: { repository: channel.repository, issue: issue.number, author: issue.user.login } },
    }),
  ]);
  if (!signal) throw new Error(`the signal of issue #${issue.number} was not created`);
  return signal;
}

/**
 * A comment on a feedback repository's issue joins the conversation of its signal (github_comments, a
 * stand-in for the conversation table of issue #12 item 2): created and edited keep its text, deleted
 * removes it. Comments Loopwork posted itself carry its marker and are not read back.
 */
export async function applyFeedbackComment(
  db: Db,
  actor: Actor,
  channel: GithubChannel,
  input: {
    action: string;
    issue: GithubIssue;
    comment: { id: number; body: string | null; html_url: string; user: { login: string } };
  },
): Promise<string> {
  const { action, issue, comment } = input;
  if (issue.pull_request) return "ignored: a comment on a pull request";
  if ((comment.body ?? "").includes(loopworkMarker)) return "ignored: Loopwork's own comment";
  if (action === "deleted") {
    await inTransaction(db, actor, async (tx) => {
      const removed = await tx.query<{ signal_id: string }>(
        `delete from github_comments g using signals s
          where s.id = g.signal_id and s.channel_id = $1 and s.external_id = $2 and g.comment_id = $3
          returning g.signal_id`,
        [channel.id, externalIdOf(issue), comment.id],
      );
      for (const row of removed) {
        tx.record({
          entityType: "signal",
          entityId: row.signal_id,
          verb: "comment_deleted",
          after: { commentId: comment.id },
        });
      }
    });
    return "comment deleted";
  }
  if (action !== "created" && action !== "edited") return `ignored: issue_comment ${action}`;
  const signal = await signalOfIssue(db, actor, channel, issue);
  await inTransaction(db, actor, async (tx) => {
    const [row] = await tx.query<{ inserted: boolean }>(
      `insert into github_comments (signal_id, comment_id, direction, author, body, url)
       values ($1, $2, 'in', $3, $4, $5)
       on conflict (signal_id, comment_id) do update set body = excluded.body, updated_at = now()
         where github_comments.body is distinct from excluded.body
       returning xmax = 0 as inserted`,
      [signal.id, comment.id, comment.user.login, (comment.body ?? "").slice(0, 100_000), comment.html_url],
    );
    if (row) {
      tx.record({
        entityType: "signal",
        entityId: signal.id,
        verb: row.inserted ? "comment_received" : "comment_edited",
        after: { commentId: comment.id, author: comment.user.login, url: comment.html_url },
      });
    }
  });
  return `comment ${action} on signal ${signal.id}`;
}
