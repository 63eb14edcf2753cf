import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { uuid } from "../../core/uuid.js";
import { conversationEntry, listConversation } from "../../services/list-conversation.js";
import { replyInput, replyToSignal } from "../../services/reply-to-signal.js";
import { resources } from "../../services/resources.js";
import { hiddenFrom, ownersOf, requireRole } from "../authorize.js";
import { type Route, route } from "../route.js";

const byId = z.object({ id: uuid() });

/** A signal's conversation: its thread in and out, and a builder's answer in it. */
export function conversationRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/signals/:id/conversation",
      summary: "List a signal's conversation, oldest first: messages in and out, and snapback notifications",
      tag: "signals",
      access: "read",
      params: byId,
      operationId: "getSignalConversation",
      response: z.object({ signalId: uuid(), items: z.array(conversationEntry) }).meta({ id: "Conversation" }),
      // Another loop's signals do not exist for a token bound to a loop.
      authorize: async ({ params, principal }, db) => {
        const owners = await ownersOf(db, resources.signal, params.id, "params.id");
        if (principal.loopId && !owners.includes(principal.loopId)) throw notFound("signal", params.id);
      },
      handler: async ({ params }, { db }) => ({ signalId: params.id, items: await listConversation(db, params.id) }),
    }),
    route({
      method: "POST",
      url: "/signals/:id/replies",
      summary:
        "Answer a signal in its own thread (an email reply with In-Reply-To/References, or the channel's webhook), through the outbox",
      tag: "signals",
      access: "change",
      params: byId,
      body: replyInput,
      status: 202,
      operationId: "replyToSignal",
      response: conversationEntry,
      // 409 unreachable: no email address and no webhook to send it to.
      errors: [409],
      authorize: async ({ params, principal }, db) =>
        requireRole(
          principal,
          await ownersOf(db, resources.signal, params.id, "params.id"),
          "builder",
          // The signal is readable (its conversation is not): a token bound to another loop is refused, 403.
          hiddenFrom(resources.signal, params.id),
        ),
      handler: async ({ params, body, actor, principal }, { db, config }) => {
        const { id } = await replyToSignal(db, params.id, body, {
          actor,
          userId: principal?.userId ?? undefined,
          emailFrom: config.emailFrom,
        });
        const entry = (await listConversation(db, params.id)).find((e) => e.id === id);
        if (!entry) throw notFound("message", id);
        return entry;
      },
    }),
  ];
}
