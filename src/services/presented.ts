import { z } from "zod";

// The JSON of each entity as the API presents it (records.ts `present`): every column camelCased, links
// as id arrays, secrets left out. Objects are open: a column added later is not a broken answer. Each has
// an id in zod's registry, so the OpenAPI document names it once (components.schemas) and refers to it.

const id = () => z.uuid();
const ids = () => z.array(z.uuid());
/** A timestamp as JSON carries it: ISO 8601 with an offset (Z). */
export const timestamp = () => z.iso.datetime({ offset: true });
const text = () => z.string();

const dated = { createdAt: timestamp(), updatedAt: timestamp() };

/** The records every entity's routes answer, by resource name (services/resources.ts). */
export const presented = {
  loop: z.object({ id: id(), slug: text(), name: text(), description: text(), ...dated }).meta({ id: "Loop" }),
  product: z
    .object({
      id: id(),
      loopId: id(),
      slug: text(),
      name: text(),
      description: text(),
      componentIds: ids(),
      ...dated,
    })
    .meta({ id: "Product" }),
  component: z
    .object({ id: id(), slug: text(), name: text(), repositoryUrl: text().nullable(), ...dated })
    .meta({ id: "Component" }),
  channel: z
    .object({
      id: id(),
      loopId: id(),
      slug: text(),
      name: text(),
      kind: z.enum(["email", "forum", "github", "chat", "widget", "api", "webhook", "csv"]),
      config: z.object({
        webhookUrl: text().optional(),
        allowPrivateNetwork: z.boolean().optional(),
        address: text().optional(),
        listAddress: text()
          .optional()
          .describe(
            "Email channels: the list (a Google Group) the address is a member of; its copies are customers' mail.",
          ),
        repository: text().optional().describe("GitHub channels: the repository, owner/name."),
        githubRole: z.enum(["feedback", "component"]).optional(),
        componentId: id().optional(),
        githubApiUrl: text().optional(),
        widgetOrigins: z.array(text()).optional(),
        mapping: z.record(z.string(), z.unknown()).optional(),
        /** The secret is write-only: whether one is set, never what it is. */
        webhookSecretSet: z.boolean(),
        /** The IMAP mailbox URL holds a password: whether one is set, never what it is. */
        imapUrlSet: z.boolean(),
        /** The GitHub token is write-only too: present (true) when one is set. */
        githubTokenSet: z.boolean().optional(),
        /** A forum channel's Discourse site and the user replies are posted as. */
        forumUrl: text().optional(),
        forumApiUsername: text().optional(),
        /** The Discourse API key is write-only: whether one is set, never what it is. */
        forumApiKeySet: z.boolean(),
        autoAttachThreshold: z.number().optional(),
      }),
      ...dated,
    })
    .meta({ id: "Channel" }),
  contact: z
    .object({
      id: id(),
      name: text(),
      email: text().nullable(),
      account: text().nullable(),
      githubLogin: text().nullable().describe("Their GitHub login, when they wrote through a GitHub channel."),
      weight: z.number(),
      environments: z.array(text()).describe("The environments this person is pinned to."),
      ...dated,
    })
    .meta({ id: "Contact" }),
  signal: z
    .object({
      id: id(),
      channelId: id(),
      contactId: id().nullable(),
      productId: id().nullable(),
      kind: z.enum(["report", "works", "still_broken"]),
      title: text(),
      body: text(),
      urgency: z.enum(["low", "normal", "high", "critical"]),
      receivedAt: timestamp(),
      threadRef: text().nullable(),
      externalId: text().nullable(),
      productVersion: text().nullable(),
      raw: z.unknown().describe("The JSON the channel delivered, as it came (null when none)."),
      patternIds: ids(),
      createdAt: timestamp(),
    })
    .meta({ id: "Signal" }),
  pattern: z
    .object({
      id: id(),
      loopId: id().nullable(),
      title: text(),
      description: text(),
      status: z.enum(["open", "addressed", "dismissed", "merged"]),
      mergedIntoId: id().nullable().describe("The pattern this one was merged into (status merged)."),
      priority: z.number(),
      priorityRefreshedAt: timestamp().nullable(),
      // What the priority is computed from (migration 0012): kept with every attachment.
      signalCount: z.number().int(),
      reportLow: z.number().int(),
      reportNormal: z.number().int(),
      reportHigh: z.number().int(),
      reportCritical: z.number().int(),
      reach: z.number(),
      lastSignalAt: timestamp().nullable(),
      momentum: z
        .number()
        .describe("Velocity factor × channel factor: priority = base × momentum (GET /patterns/{id}/priority)."),
      emergingSince: timestamp().nullable().describe("Since when its reports spike (null: they do not)."),
      generation: z.number().int(),
      addressedAt: timestamp().nullable(),
      improvementIds: ids(),
      ...dated,
    })
    .meta({ id: "Pattern" }),
  improvement: z
    .object({
      id: id(),
      loopId: id(),
      title: text(),
      why: text(),
      what: text(),
      how: text(),
      ownerId: id().nullable(),
      status: z.enum(["proposed", "approved", "in_progress", "completed", "rejected"]),
      completedAt: timestamp().nullable(),
      productIds: ids(),
      patternIds: ids(),
      componentIds: ids(),
      ...dated,
    })
    .meta({ id: "Improvement" }),
  issue: z
    .object({
      id: id(),
      componentId: id(),
      improvementId: id().nullable(),
      number: z.number().int().nullable(),
      url: text().nullable(),
      title: text(),
      body: text(),
      status: z.enum(["open", "resolved", "closed"]),
      resolvedAt: timestamp().nullable(),
      ...dated,
    })
    .meta({ id: "Issue" }),
  pull_request: z
    .object({
      id: id(),
      componentId: id(),
      number: z.number().int().nullable(),
      url: text().nullable(),
      title: text(),
      status: z.enum(["open", "merged", "closed", "shipped"]),
      mergedAt: timestamp().nullable(),
      shippedAt: timestamp().nullable(),
      issueIds: ids(),
      ...dated,
    })
    .meta({ id: "PullRequest" }),
  version: z
    .object({ id: id(), componentId: id(), name: text(), pullRequestIds: ids(), createdAt: timestamp() })
    .meta({ id: "Version" }),
  release: z
    .object({ id: id(), productId: id(), name: text(), versionIds: ids(), createdAt: timestamp() })
    .meta({ id: "Release" }),
  environment: z
    .object({
      name: text(),
      production: z.boolean(),
      productId: id().nullable().describe("The product it serves (null: every product)."),
      accounts: z.array(text()),
      contactIds: ids(),
      ...dated,
    })
    .meta({ id: "Environment" }),
  deployment: z
    .object({
      id: id(),
      releaseId: id(),
      productId: id(),
      environment: text(),
      status: z.enum(["pending", "running", "success", "failed", "rolled_back"]),
      externalId: text().nullable(),
      startedAt: timestamp(),
      finishedAt: timestamp().nullable(),
      rolledBackAt: timestamp().nullable(),
      productSlug: text(),
      releaseName: text(),
      ...dated,
    })
    .meta({ id: "Deployment" }),
  notification: z
    .object({
      id: id(),
      patternId: id(),
      contactId: id(),
      signalId: id().describe("The signal whose thread it answers: the contact's first on the pattern."),
      deploymentId: id().describe("The deployment that queued it."),
      generation: z.number().int(),
      status: z.enum(["queued", "sent", "failed", "cancelled"]),
      answer: z.enum(["works", "still_broken"]).nullable(),
      firstSignalAt: timestamp(),
      createdAt: timestamp(),
      sentAt: timestamp().nullable(),
      answeredAt: timestamp().nullable(),
      withdrawnAt: timestamp().nullable(),
      contactName: text(),
      contactEmail: text().nullable(),
      patternTitle: text(),
      leadTimeSeconds: z.number().nullable(),
    })
    .meta({ id: "Notification" }),
  brainstorm_topic: z
    .object({
      id: id(),
      loopId: id(),
      kind: z.enum(["what", "how"]),
      title: text(),
      notes: text(),
      entityType: z.enum(["pattern", "improvement", "issue", "signal"]).nullable(),
      entityId: id().nullable(),
      status: z.enum(["queued", "discussed", "dropped"]),
      sessionId: id().nullable(),
      ...dated,
    })
    .meta({ id: "BrainstormTopic" }),
  brainstorm_session: z
    .object({
      id: id(),
      loopId: id(),
      kind: z.enum(["what", "how"]),
      scheduledAt: timestamp(),
      agenda: text(),
      notes: text(),
      outcomes: text(),
      status: z.enum(["planned", "held", "cancelled"]),
      ...dated,
    })
    .meta({ id: "BrainstormSession" }),
  user: z
    .object({
      id: id(),
      email: text(),
      name: text(),
      admin: z.boolean(),
      /** A password's hash never leaves the database: only whether one is set. */
      signedUp: z.boolean(),
      ...dated,
    })
    .meta({ id: "User" }),
};

/** A page of a list: the items and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: text().nullable() });
