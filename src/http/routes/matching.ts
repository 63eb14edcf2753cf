import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { addRule, removeRule, ruleInput, ruleOf } from "../../services/matcher-rules.js";
import { acceptProposal, listProposals, proposalWindow } from "../../services/propose-patterns.js";
import { resources } from "../../services/resources.js";
import { currentMatcher, suggestPatterns } from "../../services/suggest-patterns.js";
import { requireChangeable, requireCreatable, requireLinkTargets } from "../authorize.js";
import { type Route, route } from "../route.js";

const rule = z
  .object({
    id: z.uuid(),
    patternId: z.uuid(),
    field: z.enum(["title", "body", "channel", "any"]),
    kind: z.enum(["regex", "error_code"]),
    expression: z.string(),
  })
  .meta({ id: "FingerprintRule" });
const matcher = z
  .object({ version: z.number().int(), rules: z.array(rule), minScore: z.number(), limit: z.number().int() })
  .meta({ id: "MatcherConfig" });
const suggestion = z
  .object({
    patternId: z.uuid(),
    title: z.string(),
    score: z.number(),
    reasons: z.array(z.string()),
    sharedTerms: z.array(z.string()),
    similarSignals: z.array(z.object({ id: z.uuid(), title: z.string(), similarity: z.number() })),
    ruleId: z.uuid().nullable(),
  })
  .meta({ id: "PatternSuggestion" });

const proposal = z
  .object({
    title: z.string(),
    signalIds: z.array(z.uuid()),
    sharedTerms: z.array(z.string()),
    cohesion: z.number(),
  })
  .meta({ id: "PatternProposal" });

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
      query: z.object({ channelId: z.uuid().optional() }),
      response: z.object({ items: z.array(proposal) }),
      handler: async ({ query }, { db }) => listProposals(db, query),
    }),
    route({
      method: "POST",
      url: "/patterns/proposals/accept",
      summary: "Accept a proposal: create the pattern and attach its signals, in one transaction",
      tag: "patterns",
      access: "change",
      status: 201,
      operationId: "acceptPatternProposal",
      body: z.strictObject({
        loopId: z.uuid(),
        title: z.string().trim().min(1).max(200),
        description: z.string().max(100_000).optional(),
        signalIds: z.array(z.uuid()).min(1).max(1000),
      }),
      response: resources.pattern.response,
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
      params: z.object({ id: z.uuid() }),
      response: z.object({ signalId: z.uuid(), matcherVersion: z.number().int(), suggestions: z.array(suggestion) }),
      handler: async ({ params }, { db }) => suggestPatterns(db, params.id),
    }),
    route({
      method: "GET",
      url: "/matcher",
      summary: "The matcher's configuration in force (its version and fingerprint rules)",
      tag: "signals",
      access: "read",
      operationId: "getMatcher",
      response: matcher,
      handler: async (_input, { db }) => currentMatcher(db),
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
        await requireChangeable(db, principal, resources.pattern, body.patternId, {}, "builder");
      },
      handler: async ({ body, actor }, { db }) => addRule(db, actor, body),
    }),
    route({
      method: "DELETE",
      url: "/matcher/rules/:id",
      summary: "Remove a fingerprint rule: a new matcher version (signals it filed stay where they are)",
      tag: "signals",
      access: "change",
      params: z.object({ id: z.uuid() }),
      operationId: "removeFingerprintRule",
      response: matcher,
      authorize: async ({ params, principal }, db) => {
        const found = await ruleOf(db, params.id);
        if (!found) throw notFound("fingerprint rule", params.id);
        await requireChangeable(db, principal, resources.pattern, found.patternId, {}, "builder");
      },
      handler: async ({ params, actor }, { db }) => removeRule(db, actor, params.id),
    }),
  ];
}
