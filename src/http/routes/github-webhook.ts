import { z } from "zod";
import { uuid } from "../../core/uuid.js";
import { queueGithubBackfill } from "../../services/github/queue-github-backfill.js";
import { receiveGithubDelivery } from "../../services/github/receive-github-delivery.js";
import { resources } from "../../services/resources.js";
import { routeAnswers as answers } from "../answers.js";
import { levelRole, requireChangeable } from "../authorize.js";
import { type Route, route } from "../route.js";

const header = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/** GitHub's webhooks into a GitHub channel, and the one-time import of what a repository already has. */
export function githubRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/channels/:id/github",
      summary:
        "Receive a GitHub webhook delivery for a GitHub channel: X-Hub-Signature-256 verified with the channel's webhookSecret, X-GitHub-Delivery makes a redelivery harmless; applied by a worker",
      tag: "channels",
      params: z.object({ id: uuid() }),
      body: z
        .object({})
        .passthrough()
        .describe(
          "The GitHub event payload as GitHub sends it: application/json, or application/x-www-form-urlencoded with the JSON in payload.",
        ),
      access: "public",
      rawBody: true,
      // GitHub's default content type: the event as JSON in the form field payload.
      form: true,
      status: 202,
      // 200: a redelivery or replay (duplicate), a ping (pong), an event Loopwork does not map (ignored).
      existingStatus: 200,
      operationId: "receiveGithubWebhook",
      response: answers.githubDelivery,
      // 401: a missing or forged signature.
      errors: [401],
      handler: async ({ params, body, request, reply }, { db }) => {
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const result = await receiveGithubDelivery(
          db,
          params.id,
          {
            signature: header(request.headers["x-hub-signature-256"]),
            event: header(request.headers["x-github-event"]),
            delivery: header(request.headers["x-github-delivery"]),
            contentType: header(request.headers["content-type"]),
          },
          raw,
        );
        // 202: queued; 200: nothing (more) to do.
        reply.code(result.status === "queued" ? 202 : 200);
        return reply.send(result);
      },
    }),
    route({
      method: "POST",
      url: "/channels/:id/github/backfill",
      summary:
        "Import the open issues and pull requests of a GitHub channel's repository, once (paged by a worker, resumable)",
      tag: "channels",
      params: z.object({ id: uuid() }),
      access: "manage",
      status: 202,
      operationId: "backfillGithubChannel",
      response: answers.githubBackfill,
      authorize: async ({ params, principal }, db) =>
        requireChangeable(db, principal, resources.channel, params.id, {}, levelRole.manage),
      handler: async ({ params, actor }, { db }) => queueGithubBackfill(db, actor, params.id),
    }),
  ];
}
