import { z } from "zod";
import type { Config } from "../../config.js";
import { notFound } from "../../core/errors.js";
import type { MatcherConfig } from "../../core/matching.js";
import { uuid } from "../../core/uuid.js";
import { embeddingsOf, embeddingsOff } from "../../integrations/embeddings/openai-embeddings.js";
import {
  addRule,
  configureMatcher,
  matcherSettingsInput,
  removeRule,
  ruleInput,
  ruleOf,
} from "../../services/matcher-rules.js";
import { timestamp } from "../../services/presented.js";
import { acceptProposal, listProposals, proposalWindow } from "../../services/propose-patterns.js";
import { markdown, resources } from "../../services/resources.js";
import { currentMatcher, suggestPatterns } from "../../services/suggest-patterns.js";
import { routeAnswers as answers } from "../answers.js";
import { requireChangeable, requireCreatable, requireLinkTargets } from "../authorize.js";
import { type Route, route } from "../route.js";

const rule = z
  .object({
    id: uuid(),
    patternId: uuid(),
    field: z.enum(["title", "body", "channel", "any"]),
    kind: z.enum(["regex", "error_code"]),
    expression: z.string(),
  })
  .meta({ id: "FingerprintRule" });
const embeddingsHealth = z
  .object({
    enabled: z.boolean().describe("Off unless LOOPWORK_EMBEDDINGS_URL is set: the matcher then compares terms only."),
    model: z.string().nullable(),
    url: z.string().nullable().describe("The provider's address, without credentials, query or fragment."),
    keySet: z.boolean().describe("Whether a key is sent (LOOPWORK_EMBEDDINGS_KEY); the key itself is never shown."),
    timeoutMs: z.number().int().nullable(),
    lastSuccessAt: timestamp().nullable().describe("In the process that answers."),
    lastFailure: z.object({ at: timestamp(), reason: z.string() }).nullable(),
  })
  .meta({ id: "MatcherEmbeddings" });
const matcher = z
  .object({
    version: z.number().int(),
    rules: z.array(rule),
    minScore: z.number(),
    limit: z.number().int(),
    embeddings: embeddingsHealth,
  })
  .meta({ id: "MatcherConfig" });
const suggestion = z
  .object({
    patternId: uuid(),
    title: z.string(),
    score: z.number(),
    reasons: z.array(z.string()),
    sharedTerms: z.array(z.string()),
    similarSignals: z.array(z.object({ id: uuid(), title: z.string(), similarity: z.number() })),
    ruleId: uuid().nullable(),
    meaning: z
      .number()
      .nullable()
      .optional()
      .describe("With embeddings: the cosine of the signal and the pattern's text nearest in meaning."),
  })
  .meta({ id: "PatternSuggestion" });
const embeddingsUse = z
  .object({
    state: z
      .enum(["off", "used", "unavailable"])
      .describe("unavailable: configured, but the provider failed or timed out: these scores are text only."),
    model: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: "SuggestionEmbeddings" });

const proposal = z
  .object({
    title: z.string(),
    signalIds: z.array(uuid()),
    sharedTerms: z.array(z.string()),
    cohesion: z.number(),
    loops: z
      .array(z.object({ loopId: uuid(), signals: z.number().int() }))
      .describe(
        "The loops its signals come from (their channels'), the one most come from first: accept it into one of them (loopId).",
      ),
  })
  .meta({ id: "PatternProposal" });

/** The matcher's configuration as GET /matcher shows it: with the embeddings provider's state (never its key). */
function withEmbeddings(matcher: MatcherConfig, config: Config) {
  return { ...matcher, embeddings: embeddingsOf(config)?.health() ?? embeddingsOff };
}

/** Pattern suggestions for a signal, proposals of new patterns, and the matcher's versioned configuration. */
export function matchingRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/patterns/proposals",
      summary: `New patterns to propose: groups of 3+ similar signals among the newest ${proposalWindow} attached to none, each with a suggested title`,
      tag: "patterns",
      access: "read",
      operationId: "listPatternProposals",
      query: z.object({ channelId: uuid().optional() }),
      response: z.object({ items: z.array(proposal) }),
      handler: async ({ query }, { db }) => listProposals(db, query),
    }),
    route({
      method: "POST",
      url: "/patterns/proposals/accept",
      summary:
        "Accept a proposal: create the pattern with those of its signals still attached to none (the answer names the others), in one transaction",
      tag: "patterns",
      access: "change",
      status: 201,
      operationId: "acceptPatternProposal",
      body: z.strictObject({
        loopId: uuid(),
        title: z.string().trim().min(1).max(200),
        // As a pattern made any other way (POST /patterns).
        description: markdown().optional(),
        signalIds: z.array(uuid()).min(1).max(1000),
      }),
      response: answers.acceptedProposal,
      // As creating a pattern in the loop and attaching each signal to it: a builder of both sides.
      authorize: async ({ body, principal }, db) => {
        await requireCreatable(db, principal, resources.pattern, { loopId: body.loopId }, "builder");
        await requireLinkTargets(db, principal, resources.signal, "signalIds", body.signalIds);
      },
      handler: async ({ body, actor }, { db }) => acceptProposal(db, actor, body),
    }),
    route({
      method: "GET",
      url: "/signals/:id/suggestions",
      summary: "The patterns this signal most likely belongs to, best first, each with a score (0–1) and why",
      tag: "signals",
      access: "read",
      operationId: "suggestPatterns",
      params: z.object({ id: uuid() }),
      response: z.object({
        signalId: uuid(),
        matcherVersion: z.number().int(),
        embeddings: embeddingsUse,
        suggestions: z.array(suggestion),
      }),
      handler: async ({ params }, { db, config }) => suggestPatterns(db, params.id, undefined, embeddingsOf(config)),
    }),
    route({
      method: "GET",
      url: "/matcher",
      summary:
        "The matcher's configuration in force (its version and fingerprint rules) and its embeddings provider, if any",
      tag: "signals",
      access: "read",
      operationId: "getMatcher",
      response: matcher,
      handler: async (_input, { db, config }) => withEmbeddings(await currentMatcher(db), config),
    }),
    route({
      method: "PATCH",
      url: "/matcher",
      summary:
        "Change the matcher's settings — the score from which suggestions are shown, and how many at most — for every loop: a new matcher version (administrators)",
      tag: "signals",
      access: "admin",
      body: matcherSettingsInput,
      operationId: "configureMatcher",
      response: matcher,
      handler: async ({ body, actor }, { db, config }) =>
        withEmbeddings(await configureMatcher(db, actor, body), config),
    }),
    route({
      method: "POST",
      url: "/matcher/rules",
      summary:
        "Add a fingerprint rule (a regex or error code on title, body or channel → a pattern): a new matcher version",
      tag: "signals",
      access: "change",
      body: ruleInput,
      status: 201,
      operationId: "addFingerprintRule",
      response: matcher,
      authorize: async ({ body, principal }, db) => {
        await requireChangeable(db, principal, resources.pattern, body.patternId, {}, "builder", "body.patternId");
      },
      handler: async ({ body, actor }, { db, config }) => withEmbeddings(await addRule(db, actor, body), config),
    }),
    route({
      method: "DELETE",
      url: "/matcher/rules/:id",
      summary: "Remove a fingerprint rule: a new matcher version (signals it filed stay where they are)",
      tag: "signals",
      access: "change",
      params: z.object({ id: uuid() }),
      operationId: "removeFingerprintRule",
      response: matcher,
      authorize: async ({ params, principal }, db) => {
        const found = await ruleOf(db, params.id);
        if (!found) throw notFound("fingerprint rule", params.id);
        await requireChangeable(db, principal, resources.pattern, found.patternId, {}, "builder");
      },
      handler: async ({ params, actor }, { db, config }) =>
        withEmbeddings(await removeRule(db, actor, params.id), config),
    }),
  ];
}
