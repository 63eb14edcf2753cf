import { readFileSync } from "node:fs";
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { clientAddressKey } from "../../core/network-address.js";
import { queryInteger } from "../../core/query-integer.js";
import { titleFromText } from "../../core/title-from-text.js";
import { uuid } from "../../core/uuid.js";
import { automatedReason, originAllowed } from "../../core/widget.js";
import type { Queryable } from "../../db/connect.js";
import { consumeRateLimit } from "../../services/consume-rate-limit.js";
import { createSignal, signalInput } from "../../services/create-signals.js";
import type { Presented } from "../../services/records.js";
import { type Route, route } from "../route.js";

// Read once: the script is a file of its own so that it can be read (and linted) as the browser gets it.
const script = readFileSync(new URL("../../integrations/widget/widget.js", import.meta.url), "utf8");

/** A form field left empty is a field not given. */
const optionalText = (max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(max).optional());

/** What the widget's form posts (url-encoded, so a browser sends it without a preflight; JSON too). */
const submission = z.strictObject({
  email: z.email().max(320),
  name: optionalText(200),
  message: z.string().trim().min(1).max(5000),
  /** The page the person was on. */
  page: optionalText(2000),
  /** When the form was opened (ms since 1970, the browser's clock): a message typed in no time is a program's. */
  openedAt: z.preprocess((v) => (v === "" ? undefined : v), queryInteger({ min: 0 })),
  /** One id per message, made by the widget: a second click or a retry is the same signal. */
  submission: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w-]+$/),
  /** Hidden from people: only a program fills it in. */
  website: optionalText(500),
});

const received = z.object({ received: z.literal(true) });

/**
 * A submission id already taken is a repeat (a double click, a retry) only when it carries the same message
 * from the same person. Another message under it — a site's own form sending one fixed id, say — would be
 * thanked for and kept nowhere: it is refused, and the first message stays.
 */
async function refuseOtherMessage(
  db: Queryable,
  signal: Presented,
  sent: { email: string; message: string; submission: string },
): Promise<void> {
  const [first] = await db.query<{ email: string | null }>("select email from contacts where id = $1", [
    signal.contactId,
  ]);
  if (signal.body === sent.message && first?.email?.toLowerCase() === sent.email.toLowerCase()) return;
  throw new AppError(
    "conflict",
    `Submission ${sent.submission} was already sent with another message: give each message a submission id of its own.`,
    { path: "body.submission" },
  );
}

/** The feedback widget: its script, and the channel endpoint its form posts to. */
export function widgetRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/widget.js",
      summary:
        "The feedback widget's script, for a script tag with data-channel on the pages a widget channel allows (docs/CHANNELS.md)",
      tag: "channels",
      access: "public",
      raw: true,
      media: ["text/javascript"],
      operationId: "getWidgetScript",
      handler: async ({ reply }) => {
        reply
          .header("content-type", "text/javascript; charset=utf-8")
          .header("cache-control", "public, max-age=300")
          // Other sites load it: without this, the same-origin policy every answer carries would block it.
          .header("cross-origin-resource-policy", "cross-origin");
        return reply.send(script);
      },
    }),
    route({
      method: "POST",
      url: "/channels/:id/widget",
      summary:
        "A message sent from the feedback widget on a page whose origin the widget channel allows (config.widgetOrigins): a signal from that person",
      tag: "channels",
      access: "public",
      form: true,
      params: z.object({ id: uuid() }),
      body: submission,
      status: 201,
      operationId: "receiveWidgetMessage",
      response: received,
      // 403: a page the channel does not allow; 409: a submission id taken by another message; 429: too
      // many messages from one address.
      errors: [403, 409, 429],
      // The page may read the answer (and its errors): it is a page the channel allows, and no cookie is involved.
      crossOrigin: async ({ params, request }, db) => {
        const [channel] = await db.query<{ origins: string[] | null }>(
          "select config->'widgetOrigins' as origins from channels where id = $1 and kind = 'widget'",
          [params.id],
        );
        // Unconfigured, it takes nothing: to a stranger it is no channel at all.
        if (!channel?.origins?.length) throw notFound("feedback widget channel", params.id, "params.id");
        const origin = typeof request.headers.origin === "string" ? request.headers.origin : undefined;
        if (!origin || !originAllowed(channel.origins, origin)) {
          throw new AppError(
            "origin_not_allowed",
            `This widget channel takes messages from its own sites only; add ${origin ?? "the page's origin"} to its config.widgetOrigins.`,
            { path: "headers.origin" },
          );
        }
        return origin;
      },
      handler: async ({ params, body, request }, { db, config }) => {
        const address = clientAddressKey(request.ip);
        const limit = { key: `widget:${params.id}:${address}`, max: config.widgetLimit, windowSeconds: 3600 };
        const outcome = await consumeRateLimit(db, limit);
        if (!outcome.allowed) {
          throw new AppError(
            "rate_limited",
            `Too many messages from here; try again in ${Math.ceil(outcome.resetSeconds / 60)} minutes.`,
            { retryAfterSeconds: outcome.resetSeconds },
          );
        }
        // A program's message is answered like a person's (it learns nothing) and kept nowhere.
        if (automatedReason(body, Date.now())) return { received: true as const };
        const { signal, duplicate } = await createSignal(
          db,
          `channel:${params.id}`,
          signalInput.parse({
            channelId: params.id,
            contact: { email: body.email, ...(body.name ? { name: body.name } : {}) },
            title: titleFromText(body.message),
            body: body.message,
            externalId: `widget:${body.submission}`,
            raw: { page: body.page ?? null, userAgent: String(request.headers["user-agent"] ?? "").slice(0, 500) },
          }),
        );
        if (duplicate) await refuseOtherMessage(db, signal, body);
        return { received: true as const };
      },
    }),
  ];
}
