import { z } from "zod";
import { roles, scopes } from "../core/access.js";
import { answers as answerKinds } from "../core/answer-link.js";
import { type ErrorCode, httpStatus } from "../core/errors.js";
import { pageOf, presented, timestamp } from "../services/presented.js";

// The JSON that the routes with a use-case of their own answer (the generic resource routes answer the
// records of services/presented.ts). The OpenAPI document shows these; tests check every answer against them.

const id = () => z.uuid();
const role = z.enum(roles as [string, ...string[]]);
const scope = z.enum(scopes as [string, ...string[]]);
const answer = z.enum(answerKinds as [string, ...string[]]);
const person = z.object({ id: id(), email: z.string(), name: z.string(), admin: z.boolean() });
const oneTimeLink = z.object({ url: z.string(), expiresAt: timestamp() }).meta({ id: "OneTimeLink" });
const durations = z
  .object({
    count: z.number().int(),
    median: z.number().nullable(),
    p90: z.number().nullable(),
    mean: z.number().nullable(),
  })
  .meta({ id: "DurationSummary", description: "Durations in seconds." });
const member = z.object({ userId: id(), email: z.string(), name: z.string(), role }).meta({ id: "Member" });
const token = z
  .object({
    id: id(),
    userId: id(),
    loopId: id().nullable(),
    name: z.string(),
    scope,
    prefix: z.string(),
    expiresAt: timestamp().nullable(),
    revokedAt: timestamp().nullable(),
    lastUsedAt: timestamp().nullable(),
    createdAt: timestamp(),
  })
  .meta({ id: "Token" });
const snapback = z
  .object({
    versionsReleased: z.number().int(),
    pullRequestsShipped: z.number().int(),
    pullRequestsUnshipped: z.number().int(),
    issuesResolved: z.number().int(),
    issuesReopened: z.number().int(),
    improvementsCompleted: z.array(id()),
    improvementsReopened: z.array(id()),
    patternsAddressed: z.array(id()),
    patternsReopened: z.array(id()),
    notificationsQueued: z.number().int(),
    notificationsCancelled: z.number().int(),
    followUpsQueued: z.number().int(),
    replay: z.boolean().describe("Nothing changed: the same report again."),
  })
  .meta({ id: "SnapbackResult" });
const outboxEntry = z
  .object({
    id: id(),
    kind: z.string(),
    idempotencyKey: z.string(),
    notificationId: id().nullable(),
    status: z.enum(["pending", "sending", "delivered", "dead", "cancelled"]),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    nextAttemptAt: timestamp(),
    lockedUntil: timestamp().nullable(),
    lastError: z.string().nullable(),
    transport: z.string().nullable(),
    createdAt: timestamp(),
    deliveredAt: timestamp().nullable(),
    recipient: z
      .object({ contactId: id(), name: z.string(), email: z.string().nullable() })
      .nullable()
      .describe("Whom it goes to: the notification's contact, or whom a customer link is for."),
    pattern: z.object({ id: id(), title: z.string() }).nullable().describe("The notification's pattern."),
  })
  .meta({ id: "OutboxEntry" });
const answered = z.object({ id: id(), answer: answer.nullable(), answeredAt: timestamp().nullable() });
const traceRows = z.array(z.record(z.string(), z.unknown()));
const timelineEvent = z
  .object({
    id: z.number().int(),
    at: timestamp(),
    actor: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    verb: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    label: z
      .string()
      .nullable()
      .describe(
        "What people call the entity, as it is now: a title, a name, component@version, product@release, 'web 2026.11 to production'; null when it has none or no longer exists",
      ),
  })
  .meta({ id: "TimelineEvent" });
const stage = z.enum(["received", "attached", "planned", "shipped", "confirmed", "still_broken"]);

/** An event webhook subscription as the API shows it: never its secret (only in the answer that made it). */
const webhookSubscription = z
  .object({
    id: z.uuid(),
    loopId: z.uuid().nullable(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    allowPrivateNetwork: z.boolean(),
    secretSet: z.literal(true),
    createdBy: z.string(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .meta({ id: "WebhookSubscription" });
const releaseRef = z.object({ releaseId: z.uuid(), name: z.string() });

/** The answers of the routes with a use-case of their own, by what they answer. */
export const routeAnswers = {
  webhookSubscription,
  madeWebhookSubscription: webhookSubscription.extend({ secret: z.string() }),
  webhookSubscriptions: z.object({ items: z.array(webhookSubscription) }),
  versionProducts: z.object({
    version: z.object({
      id: z.uuid(),
      name: z.string(),
      componentId: z.uuid(),
      componentSlug: z.string(),
      createdAt: timestamp(),
    }),
    products: z.array(
      z.object({
        productId: z.uuid(),
        productSlug: z.string(),
        productName: z.string(),
        loopId: z.uuid(),
        included: z.boolean(),
        releasedIn: z.array(releaseRef),
        firstIncludedIn: releaseRef.extend({ versionId: z.uuid(), versionName: z.string() }).nullable(),
      }),
    ),
  }),
  health: z.object({ status: z.literal("ok"), database: z.string() }),
  timeline: pageOf(timelineEvent).extend({
    horizon: z
      .number()
      .int()
      .describe(
        "Every event with an id at or below this one is committed or never will be: a reader going on oldest first with after=<id> at or below it misses nothing (docs/API.md, The timeline)",
      ),
  }),
  metrics: z
    .object({
      windowDays: z.number().int(),
      signalToSnapback: durations,
      cycleTime: durations,
      throughputPerWeek: z.number(),
      deploymentsPerWeek: z.number(),
      changeFailureRate: z.number().nullable(),
    })
    .meta({ id: "LoopMetrics" }),
  trace: z
    .object({
      root: z.object({ type: z.string(), id: id() }),
      nodes: z.array(
        z.object({
          type: z.string(),
          id: id(),
          title: z.string(),
          status: z.string().nullable(),
          at: timestamp().nullable(),
        }),
      ),
      edges: z
        .array(z.object({ from: id(), to: id(), relation: z.string() }))
        .describe("How two items link, read 'from <relation> to' (docs/API.md, Trace)."),
      truncated: z.array(z.string()).describe("Types with more items than the limit."),
      limit: z.number().int(),
      signals: traceRows,
      patterns: traceRows,
      improvements: traceRows,
      issues: traceRows,
      pullRequests: traceRows,
      versions: traceRows,
      releases: traceRows,
      deployments: traceRows,
      contacts: traceRows,
      notifications: traceRows,
    })
    .meta({ id: "Trace" }),
  newSession: z.object({ user: person, csrfToken: z.string(), expiresAt: timestamp() }).meta({ id: "NewSession" }),
  session: z.object({
    user: person,
    roles: z.record(z.string(), role).describe("loop id → the person's role there"),
    scope,
    loopId: id().nullable().optional(),
    csrfToken: z.string().nullable(),
  }),
  signedOut: z.object({ signedOut: z.literal(true) }),
  invitedUser: z.object({ user: presented.user, invitation: oneTimeLink }),
  oneTimeLink,
  members: z.object({ items: z.array(member) }),
  member,
  removed: z.object({ removed: z.literal(true) }),
  tokens: z.object({ items: z.array(token) }),
  newToken: token.extend({ token: z.string().describe("The token itself: shown only in this answer.") }),
  token,
  signals: z.object({ items: z.array(presented.signal) }),
  patternAttachment: presented.pattern
    .extend({
      attached: z.number().int().describe("Signals this request attached."),
      alreadyAttached: z.number().int().describe("Signals it named that were attached already (each counted once)."),
    })
    .meta({ id: "PatternAttachment" }),
  acceptedProposal: presented.pattern
    .extend({
      attached: z.number().int().describe("Signals attached to the new pattern: those of the proposal still on none."),
      skipped: z
        .array(
          z.object({
            signalId: id(),
            patternIds: z.array(id()).describe("The patterns it is on, first attached first."),
          }),
        )
        .describe("Signals named that were attached to a pattern since the proposal was made: left where they are."),
    })
    .meta({ id: "AcceptedProposal" }),
  deployment: z.object({ deployment: presented.deployment, snapback }),
  deploymentPreview: z
    .object({
      deployment: presented.deployment.extend({
        id: id()
          .nullable()
          .describe(
            "null when recording it would make a new deployment: a preview keeps nothing, so it has no id to follow. The id of the deployment it would change otherwise (a run's externalId again, a rollback).",
          ),
      }),
      snapback,
    })
    .meta({ id: "DeploymentPreview" }),
  outbox: pageOf(outboxEntry),
  outboxEntry,
  answer: z.object({
    recorded: z.boolean(),
    signal: z.object({
      id: id(),
      kind: answer,
      title: z.string(),
      channelId: id(),
      contactId: id(),
      threadRef: z.string().nullable(),
    }),
    pattern: z.object({ id: id(), status: z.string() }),
    notification: answered,
  }),
  webhookSignal: z.object({ signal: presented.signal, duplicate: z.boolean() }),
  githubDelivery: z
    .object({
      delivery: z.string(),
      event: z.string(),
      status: z
        .enum(["queued", "duplicate", "stale", "ignored", "pong"])
        .describe(
          "queued: applied shortly by a worker; duplicate: this delivery was received before; stale: the change it carries is older than the 30-day replay window (a replay: not applied); ignored: an event Loopwork does not map.",
        ),
    })
    .meta({ id: "GithubDelivery" }),
  githubBackfill: z.object({ outboxId: id(), status: z.string(), queued: z.boolean() }).meta({ id: "GithubBackfill" }),
  customerView: z
    .object({
      contact: z.object({ name: z.string() }),
      signals: z.array(
        z.object({
          id: id(),
          title: z.string(),
          body: z.string(),
          receivedAt: timestamp(),
          channel: z.string(),
          stage,
          patterns: z.array(
            z.object({
              title: z.string(),
              stage,
              shipped: z
                .object({
                  notificationId: id(),
                  release: z.object({ product: z.string(), name: z.string() }),
                  answer: answer.nullable(),
                  answeredAt: timestamp().nullable(),
                })
                .nullable(),
            }),
          ),
        }),
      ),
    })
    .meta({ id: "CustomerView" }),
  customerAnswer: z.object({ recorded: z.boolean(), notification: answered }),
  linkRequested: z.object({ status: z.literal("sent_if_known") }),
  customerLinkSent: z
    .object({
      status: z
        .enum(["queued", "sent_recently"])
        .describe("queued: an email is on its way; sent_recently: one went within the last 10 minutes, none queued"),
      contactId: id(),
      email: z.string(),
      outboxId: id().describe("The outbox row of the email (GET /outbox shows how it went)."),
      queuedAt: timestamp(),
    })
    .meta({ id: "CustomerLinkSent" }),
};

/** The body of every error answer (errors.ts `ErrorBody`; docs/ERRORS.md lists the codes). */
export const errorAnswer = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(httpStatus) as [ErrorCode, ...ErrorCode[]]).describe("Stable; see docs/ERRORS.md."),
      message: z.string().describe("What went wrong and what to do, for a person."),
      path: z.string().optional().describe("The offending field, e.g. body.urgency."),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });
