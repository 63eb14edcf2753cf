import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { uuid } from "../../core/uuid.js";
import { inTransaction } from "../../services/transaction.js";
import {
  createSubscription,
  getSubscription,
  listSubscriptions,
  removeSubscription,
  subscriptionChange,
  subscriptionInput,
  updateSubscription,
} from "../../services/webhook-subscriptions.js";
import { routeAnswers as answers } from "../answers.js";
import { type Route, route } from "../route.js";

const byId = z.object({ id: uuid() });
const tag = "webhook-subscriptions";

/** Outgoing event webhooks: owners of a loop subscribe URLs to its events (docs/API.md "Event webhooks"). */
export function webhookSubscriptionRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/webhook-subscriptions",
      operationId: "createWebhookSubscription",
      response: answers.madeWebhookSubscription,
      summary:
        "Subscribe a URL to event types of a loop (or, for administrators, of every loop); the secret is shown once",
      tag,
      access: "manage",
      body: subscriptionInput,
      status: 201,
      handler: async ({ body, actor, principal }, { db }) => {
        if (!principal) throw notFound("loop", "");
        return inTransaction(db, actor, (tx) => createSubscription(tx, principal, body));
      },
    }),
    route({
      method: "GET",
      url: "/webhook-subscriptions",
      operationId: "listWebhookSubscriptions",
      response: answers.webhookSubscriptions,
      summary: "The event webhook subscriptions you manage, newest first (never their secrets)",
      tag,
      access: "manage",
      query: z.object({ loopId: uuid().optional() }),
      handler: async ({ query, principal }, { db }) => {
        if (!principal) return { items: [] };
        return listSubscriptions(db, principal, query);
      },
    }),
    route({
      method: "GET",
      url: "/webhook-subscriptions/:id",
      operationId: "getWebhookSubscription",
      response: answers.webhookSubscription,
      summary: "Read one event webhook subscription (never its secret)",
      tag,
      access: "manage",
      params: byId,
      handler: async ({ params, principal }, { db }) => {
        if (!principal) throw notFound("webhook subscription", params.id);
        return getSubscription(db, principal, params.id);
      },
    }),
    route({
      method: "PATCH",
      url: "/webhook-subscriptions/:id",
      operationId: "updateWebhookSubscription",
      response: answers.webhookSubscription,
      summary: "Change an event webhook subscription's URL, event types, secret or private-network setting",
      tag,
      access: "manage",
      params: byId,
      body: subscriptionChange,
      handler: async ({ params, body, actor, principal }, { db }) => {
        if (!principal) throw notFound("webhook subscription", params.id);
        return inTransaction(db, actor, (tx) => updateSubscription(tx, principal, params.id, body));
      },
    }),
    route({
      method: "DELETE",
      url: "/webhook-subscriptions/:id",
      operationId: "removeWebhookSubscription",
      response: answers.webhookSubscription,
      summary: "Remove an event webhook subscription: nothing more is sent to it",
      tag,
      access: "manage",
      params: byId,
      handler: async ({ params, actor, principal }, { db }) => {
        if (!principal) throw notFound("webhook subscription", params.id);
        return inTransaction(db, actor, (tx) => removeSubscription(tx, principal, params.id));
      },
    }),
  ];
}
