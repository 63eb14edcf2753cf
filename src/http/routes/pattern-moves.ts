import { z } from "zod";
import type { Principal } from "../../core/access.js";
import { uuid } from "../../core/uuid.js";
import type { Queryable } from "../../db/connect.js";
import { mergePatterns } from "../../services/merge-patterns.js";
import { presented, timestamp } from "../../services/presented.js";
import { markdown, resources } from "../../services/resources.js";
import { splitPattern } from "../../services/split-pattern.js";
import { getPatternMove, listPatternMoves, undoPatternMove } from "../../services/undo-pattern-move.js";
import { hiddenFrom, ownersOf, requireRole } from "../authorize.js";
import { type Route, route } from "../route.js";

const byId = z.object({ id: uuid() });

const preview = z
  .object({
    signals: z.number().int().describe("Attachments taken from the source."),
    signalsAlreadyOnTarget: z.number().int().describe("Of those, signals the target holds already."),
    contacts: z.number().int().describe("Distinct contacts behind the moved reports."),
    contactsAlreadyOnTarget: z.number().int(),
    improvements: z.number().int().describe("Improvement links taken from the source (a merge only)."),
    improvementsAlreadyOnTarget: z.number().int(),
    sampleSignalIds: z.array(uuid()).describe("Up to 20 of the moved signals, newest first."),
  })
  .meta({ id: "PatternMovePreview" });

const move = z
  .object({
    id: uuid(),
    kind: z.enum(["merge", "split"]),
    sourceId: uuid(),
    targetId: uuid(),
    actor: z.string(),
    createdAt: timestamp(),
    undoneAt: timestamp().nullable(),
    undoneBy: z.string().nullable(),
  })
  .meta({ id: "PatternMove" });

const listedMove = move
  .extend({
    undoable: z.boolean().describe("Whether POST /pattern-moves/{id}/undo would take it now."),
    whyNot: z
      .string()
      .nullable()
      .describe(
        "Why not, as the undo would answer (undone already, a later move to undo first, the pattern's people were told its fix is live, …); null when undoable.",
      ),
    whyNotCode: z
      .string()
      .nullable()
      .describe(
        "The code that undo would refuse with: move_not_undoable, invalid_transition, pattern_notified, pattern_merged.",
      ),
  })
  .meta({ id: "ListedPatternMove" });

const moved = z
  .object({
    moveId: uuid().nullable().describe("Undo with POST /pattern-moves/{moveId}/undo; null for a preview."),
    preview,
    source: presented.pattern,
    target: presented.pattern.nullable().describe("The new pattern of a split (null in its preview)."),
    notificationsQueued: z
      .number()
      .int()
      .optional()
      .describe("A merge into an addressed pattern: the people behind the merged-in reports told now (once each)."),
  })
  .meta({ id: "PatternMoveResult" });

const signalLeft = z
  .object({
    signalId: uuid(),
    reason: z
      .enum(["detached", "moved"])
      .describe("detached: on no pattern now; moved: attached elsewhere since (patternIds)."),
    patternIds: z.array(uuid()).describe("The patterns the signal is on now, where people put it."),
    detachedBy: z.string().nullable().describe("Who took it off the target after the move (the timeline's actor)."),
    detachedAt: timestamp().nullable(),
  })
  .meta({ id: "PatternMoveSignalLeft" });

/** A builder of each loop that owns one of these patterns (a merge across loops needs both). */
async function mayMove(principal: Principal, db: Queryable, ids: { id: string; path: string }[]): Promise<void> {
  for (const { id, path } of ids) {
    requireRole(
      principal,
      await ownersOf(db, resources.pattern, id, path),
      "builder",
      hiddenFrom(resources.pattern, id, path),
    );
  }
}

/** Merge, split and undo (issue #11): each previews with `preview: true` before it commits. */
export function patternMoveRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/patterns/:id/merge",
      summary:
        "Merge this pattern into targetId: its signals (with who attached them and when) and improvements move, it becomes merged; preview: true only counts",
      tag: "patterns",
      access: "change",
      params: byId,
      body: z.strictObject({ targetId: uuid(), preview: z.boolean().default(false) }),
      operationId: "mergePattern",
      response: moved,
      authorize: ({ params, body, principal }, db) =>
        mayMove(principal, db, [
          { id: params.id, path: "params.id" },
          { id: body.targetId, path: "body.targetId" },
        ]),
      handler: ({ params, body, actor }, { db }) => mergePatterns(db, actor, params.id, body),
    }),
    route({
      method: "POST",
      url: "/patterns/:id/split",
      summary:
        "Split signals off this pattern into a new one in its loop; preview: true only counts (and needs no title)",
      tag: "patterns",
      access: "change",
      params: byId,
      body: z
        .strictObject({
          signalIds: z.array(uuid()).min(1).max(10_000),
          title: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe("The new pattern's title: required to split, not to preview."),
          // As a pattern made any other way (POST /patterns).
          description: markdown().optional(),
          preview: z.boolean().default(false),
        })
        .superRefine((body, ctx) => {
          // A preview only counts what would move: the new pattern needs a name only when it is made.
          if (!body.preview && body.title === undefined) {
            ctx.addIssue({ code: "custom", path: ["title"], message: "Give the new pattern's title to split." });
          }
        }),
      operationId: "splitPattern",
      response: moved,
      authorize: ({ params, principal }, db) => mayMove(principal, db, [{ id: params.id, path: "params.id" }]),
      handler: ({ params, body, actor }, { db }) => splitPattern(db, actor, params.id, body),
    }),
    route({
      method: "GET",
      url: "/patterns/:id/moves",
      summary:
        "The merges and splits this pattern took part in, newest first (at most 100), each with whether it can be undone now and why not",
      tag: "patterns",
      access: "read",
      params: byId,
      operationId: "listPatternMoves",
      response: z.object({ items: z.array(listedMove) }),
      handler: async ({ params }, { db }) => {
        await ownersOf(db, resources.pattern, params.id, "params.id");
        return { items: await listPatternMoves(db, params.id) };
      },
    }),
    route({
      method: "POST",
      url: "/pattern-moves/:id/undo",
      summary:
        "Undo a merge or split (the latest of its patterns): attachments and improvements go back as they were, except signals people took off the target since (signalsLeft) and improvements they unlinked from it (improvementsLeft)",
      tag: "patterns",
      access: "change",
      params: byId,
      operationId: "undoPatternMove",
      response: z.object({
        move,
        source: presented.pattern,
        target: presented.pattern,
        signalsLeft: z
          .array(signalLeft)
          .describe(
            "Signals the move put on the target that a person detached (or moved elsewhere) after it: left where they are.",
          ),
        improvementsLeft: z
          .array(uuid())
          .describe(
            "Improvements the move linked to the target that a person unlinked from it after the move: not linked to the source again.",
          ),
      }),
      authorize: async ({ params, principal }, db) => {
        const stored = await getPatternMove(db, params.id);
        await mayMove(principal, db, [
          { id: stored.sourceId, path: "params.id" },
          { id: stored.targetId, path: "params.id" },
        ]);
      },
      handler: ({ params, actor }, { db }) => undoPatternMove(db, actor, params.id),
    }),
  ];
}
