import { z } from "zod";
import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { newId } from "../db/ids.js";
import { messageIdFor, senderFor } from "../integrations/email/notification-email.js";
import { issueOfUrl } from "../integrations/github/channel.js";
import { insertMessage } from "./messages.js";
import { type Actor, inTransaction, outboxChannel } from "./transaction.js";

/** A builder's answer to a signal. */
export const replyInput = z.strictObject({
  body: z.string().trim().min(1).max(50_000),
});
export type ReplyInput = z.infer<typeof replyInput>;

/** Who answers and what the installation sends email as. */
export interface ReplyContext {
  actor: Actor;
  /** The member who wrote it; undefined for a token of no person. */
  userId?: string;
  /** config.emailFrom: the From of replies on channels without an address of their own. */
  emailFrom: string;
}

/**
 * Queues a builder's answer to a signal, in the signal's thread, through the outbox (kind 'reply'): a post
 * in its topic for a forum channel's signal, a comment on its issue for a GitHub issue's signal, to the channel's webhook when it has one, else by email to
 * the signal's contact. The message, its outbox
 * row and the timeline event commit together; unreachable when there is nowhere to send it.
 */
export async function replyToSignal(
  db: Db,
  signalId: string,
  input: ReplyInput,
  context: ReplyContext,
): Promise<{ id: string }> {
  return inTransaction(db, context.actor, async (tx) => {
    const [signal] = await tx.query<{
      title: string;
      contact_email: string | null;
      kind: string;
      webhook_url: string | null;
      address: string | null;
      thread_ref: string | null;
      forum: boolean;
      github_token: boolean;
    }>(
      `select s.title, c.email as contact_email, ch.kind, ch.config->>'webhookUrl' as webhook_url,
              ch.config->>'address' as address, s.thread_ref,
              ch.config ?& array['forumUrl', 'forumApiKey', 'forumApiUsername'] as forum,
              coalesce(ch.config->>'githubToken', '') <> '' as github_token
         from signals s join channels ch on ch.id = s.channel_id left join contacts c on c.id = s.contact_id
        where s.id = $1`,
      [signalId],
    );
    if (!signal) throw notFound("signal", signalId, "params.id");
    // A forum topic's signal is answered in its topic, a GitHub issue's on the issue; otherwise the
    // channel's webhook, else email.
    const transport =
      signal.kind === "forum" && signal.forum && signal.thread_ref
        ? "forum"
        : signal.kind === "github" && issueOfUrl(signal.thread_ref)
          ? "github"
          : signal.webhook_url
            ? "webhook"
            : "email";
    // Refused now rather than dead-lettered later: without a token nothing can be posted on the issue.
    if (transport === "github" && !signal.github_token) {
      throw new AppError(
        "unreachable",
        `Signal ${signalId} came from ${signal.thread_ref}, and its channel has no githubToken to comment there: set one (PATCH /channels/:id {"config": {"githubToken": "…"}}).`,
      );
    }
    if (transport === "email" && !signal.contact_email) {
      throw new AppError(
        "unreachable",
        `Signal ${signalId} has no contact with an email address and its channel has no webhookUrl: there is nowhere to send a reply.`,
      );
    }
    const id = newId();
    const from = signal.kind === "email" ? senderFor(context.emailFrom, signal.address) : context.emailFrom;
    const key = `reply:${id}`;
    // Its Message-ID is decided now and kept: every retry sends the same one, and the person's answer to
    // it (In-Reply-To) finds this conversation.
    const messageId = await insertMessage(tx, {
      id,
      signalId,
      channelKind: transport,
      direction: "out",
      externalId: transport === "email" ? messageIdFor(key, from) : key,
      authorUserId: context.userId ?? null,
      subject: /^re:/i.test(signal.title) ? signal.title : `Re: ${signal.title}`,
      body: input.body,
      status: "queued",
      raw: transport === "email" ? { from } : null,
    });
    if (!messageId) throw new Error(`message ${id} was written twice`);
    await tx.query(
      "insert into outbox (kind, idempotency_key, payload) values ('reply', $1, jsonb_build_object('messageId', $2::text))",
      [key, messageId],
    );
    tx.record({ entityType: "signal", entityId: signalId, verb: "replied", after: { messageId, transport } });
    await tx.query("select pg_notify($1, '')", [outboxChannel]);
    return { id: messageId };
  });
}
