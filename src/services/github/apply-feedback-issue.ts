import { cutText } from "../../core/cut-text.js";
import { receivedAtFrom } from "../../core/received-at.js";
import type { Db } from "../../db/connect.js";
import type { GithubChannel } from "../../integrations/github/channel.js";
import { type GithubIssue, isGithubBot } from "../../integrations/github/payloads.js";
import { createSignals, signalInput } from "../create-signals.js";
import { recordChannelRefusal } from "../record-channel-refusal.js";
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
      title: cutText(issue.title.trim(), 500) || `Issue #${issue.number}`,
      body: cutText(issue.body ?? "", 100_000),
      threadRef: issue.html_url,
      externalId: externalIdOf(issue),
      receivedAt: receivedAtFrom(issue.created_at),
      raw: { github: { repository: channel.repository, issue: issue.number, author: issue.user.login } },
    }),
  ]);
  if (!signal) throw new Error(`the signal of issue #${issue.number} was not created`);
  return signal;
}

/**
 * Ignores what a bot wrote on a feedback repository (dependabot's and renovate's issues, github-actions'
 * comments): no customer said it, so it is no signal, no message and no contact. The channel's health says
 * so (code github_bot, one line per bot and kind: a busy bot only moves its time), as for an event of
 * another repository.
 */
export async function ignoreBot(db: Db, channel: GithubChannel, login: string, what: "issue" | "comment") {
  const reason =
    what === "issue"
      ? `Ignored issues opened by the bot ${login}, and the comments on them: a bot's issue is no customer's report.`
      : `Ignored comments by the bot ${login}: a bot is not the customer.`;
  await recordChannelRefusal(db, channel.id, "github_bot", reason);
  return `ignored: ${what === "issue" ? "an issue opened by" : "a comment by"} the bot ${login}`;
}

/** A GitHub comment's message is known by GitHub's comment id (unique across the site). */
export const githubCommentKey = (commentId: number) => String(commentId);

/**
 * A comment on a feedback repository's issue is a message of its signal's conversation (messages,
 * channel_kind github, external id the comment id), as a forum post or an email reply is: created and
 * edited keep its text, deleted removes it. Comments Loopwork posted itself carry its marker and are not
 * read back (their message, or their notification, is already the record).
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
  // A bot's issue has no signal, so a comment on it must not make one (signalOfIssue below would); a bot's
  // comment on a person's issue is not that person, nor anyone to tell when it ships.
  if (isGithubBot(issue.user)) return ignoreBot(db, channel, issue.user.login, "issue");
  if (isGithubBot(comment.user)) return ignoreBot(db, channel, comment.user.login, "comment");
  const key = githubCommentKey(comment.id);
  if (action === "deleted") {
    await inTransaction(db, actor, async (tx) => {
      // Remembered first: whatever of this comment arrives later (a late edit, a redelivered creation)
      // must not bring it back.
      await tx.query(
        `insert into deleted_messages (channel_kind, external_id) values ('github', $1) on conflict do nothing`,
        [key],
      );
      const removed = await tx.query<{ signal_id: string }>(
        `delete from messages m using signals s
          where s.id = m.signal_id and s.channel_id = $1 and s.external_id = $2
            and m.channel_kind = 'github' and m.external_id = $3 and m.direction = 'in'
            and not exists (select 1 from attachments a where a.message_id = m.id)
          returning m.signal_id`,
        [channel.id, externalIdOf(issue), key],
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
  const [deleted] = await db.query(
    "select 1 from deleted_messages where channel_kind = 'github' and external_id = $1",
    [key],
  );
  if (deleted) return `ignored: comment ${comment.id} was deleted`;
  const signal = await signalOfIssue(db, actor, channel, issue);
  const contactId = await githubContact(db, actor, comment.user.login);
  const body = cutText(comment.body ?? "", 100_000);
  await inTransaction(db, actor, async (tx) => {
    // An edit is the same message with its new text; a redelivery of either changes nothing.
    // Not if it was deleted meanwhile (the check above ran before this transaction).
    const [row] = await tx.query<{ id: string; inserted: boolean }>(
      `insert into messages (signal_id, channel_kind, direction, external_id, author_contact_id, body, status, raw)
       select $1, 'github', 'in', $2, $3, $4, 'received', $5
        where not exists (select 1 from deleted_messages where channel_kind = 'github' and external_id = $2)
       on conflict (channel_kind, external_id) where external_id is not null
         do update set body = excluded.body
         where messages.body is distinct from excluded.body and messages.signal_id = excluded.signal_id
       returning id, xmax = 0 as inserted`,
      [
        signal.id,
        key,
        contactId,
        body,
        JSON.stringify({ login: comment.user.login, url: comment.html_url, commentId: comment.id }),
      ],
    );
    if (row) {
      tx.record({
        entityType: "signal",
        entityId: signal.id,
        verb: row.inserted ? "comment_received" : "comment_edited",
        after: { messageId: row.id, commentId: comment.id, author: comment.user.login, url: comment.html_url },
      });
    }
  });
  return `comment ${action} on signal ${signal.id}`;
}
