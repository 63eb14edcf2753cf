import { z } from "zod";
import { decide, decideOn, type Principal } from "../../core/access.js";
import { type Answer, answers, verifyAnswerToken } from "../../core/answer-link.js";
import { pageCursor } from "../../core/cursor.js";
import { notFound } from "../../core/errors.js";
import { escapeHtml } from "../../core/html.js";
import { queryInteger } from "../../core/query-integer.js";
import { uuid } from "../../core/uuid.js";
import { listOutbox, type OutboxEntry, outboxStatuses, retryDeadLetter } from "../../services/outbox.js";
import { recordAnswer } from "../../services/record-answer.js";
import { answerLinkSecretKey, getOrCreateSecret } from "../../services/settings.js";
import { routeAnswers } from "../answers.js";
import { requireRole } from "../authorize.js";
import { page } from "../page.js";
import { type Route, route } from "../route.js";

const token = z.object({ token: z.string().min(1).max(300) });

const labels: Record<Answer, string> = { works: "It works now", still_broken: "It is still broken" };

/**
 * An outbox row as its reader may see it: lastError quotes what the target answered (an internal
 * service's error page, behind allowPrivateNetwork), so only who manages the channel reads it — owners
 * of its loop and administrators; a delivery for no channel (a customer link), administrators only.
 */
function presentDelivery({ channelLoopId, ...entry }: OutboxEntry, principal: Principal | undefined) {
  const manages =
    principal !== undefined &&
    (channelLoopId
      ? decideOn(principal, [channelLoopId], "owner") === "allow"
      : decide(principal, "admin") === "allow");
  return manages ? entry : { ...entry, lastError: null };
}

/** The outbox (dead letters and retries) and the answer links people click in notifications. */
export function deliveryRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/outbox",
      summary: "Deliveries waiting, sent or dead, newest first",
      tag: "outbox",
      access: "read",
      crossLoop: true,
      response: routeAnswers.outbox,
      query: z.object({
        status: z.enum(outboxStatuses as [string, ...string[]]).optional(),
        cursor: pageCursor(),
        limit: queryInteger({ min: 1, max: 500, fallback: 50 }),
      }),
      handler: async ({ query, principal }, { db }) => {
        const page = await listOutbox(
          db,
          query as { status?: (typeof outboxStatuses)[number]; cursor?: string; limit: number },
        );
        return { ...page, items: page.items.map((entry) => presentDelivery(entry, principal)) };
      },
    }),
    route({
      method: "POST",
      url: "/outbox/:id/retry",
      summary: "Send a dead delivery again",
      tag: "outbox",
      access: "change",
      params: z.object({ id: uuid() }),
      operationId: "retryDelivery",
      response: routeAnswers.outboxEntry,
      // A notification's delivery belongs to its pattern's loop, an event's to its subscription's loop;
      // anything else to every builder.
      authorize: async ({ params, principal }, db) => {
        const [row] = await db.query<{ loops: string[] }>(
          `select array(select p.loop_id from notifications n join patterns p on p.id = n.pattern_id
                         where n.id = o.notification_id and p.loop_id is not null
                        union all
                        select s.loop_id from webhook_subscriptions s
                         where o.kind = 'event' and s.id::text = o.payload->>'subscriptionId' and s.loop_id is not null) as loops
             from outbox o where o.id = $1`,
          [params.id],
        );
        if (!row) throw notFound("delivery", params.id);
        requireRole(principal, row.loops, "builder", () => notFound("delivery", params.id));
      },
      handler: async ({ params, actor, principal }, { db }) =>
        presentDelivery(await retryDeadLetter(db, actor, params.id), principal),
    }),
    route({
      method: "GET",
      url: "/answers/:token",
      page: true,
      summary: "The page an answer link opens: it asks to confirm (mail scanners open links; only a POST records)",
      tag: "answers",
      access: "public",
      params: token,
      raw: true,
      operationId: "getAnswerPage",
      media: ["text/html"],
      handler: async ({ params, reply }, { db }) => {
        const claims = verifyAnswerToken(await getOrCreateSecret(db, answerLinkSecretKey), params.token, Date.now());
        // What the question is about, as the notification said it: the person's own report and the fix.
        const [about] = await db.query<{ signal: string; pattern: string; shipped: string; environment: string }>(
          `select s.title as signal, p.title as pattern, pr.name || ' ' || r.name as shipped, d.environment
             from notifications n join signals s on s.id = n.signal_id join patterns p on p.id = n.pattern_id
             join deployments d on d.id = n.deployment_id join releases r on r.id = d.release_id
             join products pr on pr.id = d.product_id
            where n.id = $1`,
          [claims.notificationId],
        );
        const context = about
          ? `<p>You told us about “${escapeHtml(about.signal)}”. The fix for “${escapeHtml(about.pattern)}” is live in ${escapeHtml(about.shipped)} (${escapeHtml(about.environment)}).</p>`
          : "";
        reply
          .type("text/html; charset=utf-8")
          .send(
            page(
              "Does it work for you now?",
              `<h1>Does it work for you now?</h1>${context}<form method="post"><input type="hidden" name="answer" value="${claims.answer}">` +
                `<button type="submit">${labels[claims.answer]}</button></form>`,
            ),
          );
      },
    }),
    route({
      method: "POST",
      form: true,
      url: "/answers/:token",
      page: true,
      summary: "Record the answer of a signed link: it becomes a signal; 'still broken' reopens the pattern",
      tag: "answers",
      access: "public",
      params: token,
      operationId: "recordAnswer",
      response: routeAnswers.answer,
      media: ["text/html"],
      body: z.strictObject({ answer: z.enum(answers as [Answer, ...Answer[]]).optional() }).optional(),
      handler: async ({ params, body, request, reply }, { db }) => {
        const secret = await getOrCreateSecret(db, answerLinkSecretKey);
        const result = await recordAnswer(db, secret, params.token, body?.answer);
        if (request.headers.accept?.includes("text/html")) {
          return reply
            .type("text/html; charset=utf-8")
            .send(page("Thank you", "<h1>Thank you</h1><p>Your answer reached the team that made the change.</p>"));
        }
        return result;
      },
    }),
  ];
}
