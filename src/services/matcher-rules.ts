import { z } from "zod";
import { AppError, notFound } from "../core/errors.js";
import { type FingerprintRule, type MatcherConfig, regexRefusal } from "../core/matching.js";
import { uuid } from "../core/uuid.js";
import type { Db, Queryable } from "../db/connect.js";
import { newId } from "../db/ids.js";
import { currentMatcher } from "./suggest-patterns.js";
import { type Actor, inTransaction } from "./transaction.js";

/** A fingerprint rule as a team writes it. */
export const ruleInput = z.strictObject({
  patternId: uuid(),
  field: z.enum(["title", "body", "channel", "any"]).default("any"),
  kind: z.enum(["regex", "error_code"]),
  expression: z.string().trim().min(1).max(500),
});

/** The matcher's own settings an administrator changes: the score from which, and how many, suggestions are shown. */
export const matcherSettingsInput = z
  .strictObject({
    minScore: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "Suggestions scoring below this (0–1) are not shown; automatic attachment has its own threshold per channel.",
      ),
    limit: z.number().int().min(1).max(20).optional().describe("How many suggestions at most (1–20)."),
  })
  .refine((input) => input.minScore !== undefined || input.limit !== undefined, {
    message: "Give minScore, limit or both.",
  });

/**
 * Writes a new version of the matcher's configuration from the one in force, changed by `change`; the
 * old versions stay as they were (what earlier automatic attachments were made with). Serialised by a
 * lock on the table, so two changes never make the same version, and neither is made from a stale read.
 * A change that leaves the configuration as it is makes none and answers it.
 */
async function newVersion(
  db: Db,
  actor: Actor,
  change: (config: MatcherConfig) => MatcherConfig,
): Promise<MatcherConfig> {
  return inTransaction(db, actor, async (tx) => {
    await tx.query("lock table matcher_versions in exclusive mode");
    const current = await currentMatcher(tx);
    const { version, ...config } = change(current);
    // A change that changes nothing (the settings as they are) is no new version.
    const same =
      config.rules === current.rules && config.minScore === current.minScore && config.limit === current.limit;
    if (same) return current;
    const next = version + 1;
    await tx.query("insert into matcher_versions (version, config, created_by) values ($1, $2::jsonb, $3)", [
      next,
      JSON.stringify(config),
      actor,
    ]);
    tx.record({
      entityType: "matcher",
      entityId: String(next),
      verb: "configured",
      after: { version: next, ...config },
    });
    return { ...config, version: next };
  });
}

/**
 * Changes the matcher's settings (a new version): only the fields given, applied to the configuration in
 * force under newVersion's lock (two administrators changing one field each at once keep both changes).
 * Settings as they are already write no version; the configuration in force is answered.
 */
export async function configureMatcher(
  db: Db,
  actor: Actor,
  input: z.infer<typeof matcherSettingsInput>,
): Promise<MatcherConfig> {
  return newVersion(db, actor, (config) => ({
    ...config,
    ...(input.minScore === undefined ? {} : { minScore: input.minScore }),
    ...(input.limit === undefined ? {} : { limit: input.limit }),
  }));
}

/** Adds a fingerprint rule (a new matcher version); a regex that does not compile is invalid_input. */
export async function addRule(db: Db, actor: Actor, input: z.infer<typeof ruleInput>): Promise<MatcherConfig> {
  const refusal = input.kind === "regex" ? regexRefusal(input.expression) : undefined;
  if (refusal) throw new AppError("invalid_input", `body.expression: ${refusal}`, { path: "body.expression" });
  const [pattern] = await db.query<{ status: string; merged_into_id: string | null }>(
    "select status, merged_into_id from patterns where id = $1",
    [input.patternId],
  );
  if (!pattern) throw notFound("pattern", input.patternId, "body.patternId");
  if (pattern.status === "merged") {
    throw new AppError(
      "pattern_merged",
      `Pattern ${input.patternId} was merged into ${pattern.merged_into_id}: write the rule for that one.`,
      { path: "body.patternId" },
    );
  }
  const rule: FingerprintRule = { id: newId(), ...input };
  return newVersion(db, actor, (config) => ({ ...config, rules: [...config.rules, rule] }));
}

/** Removes a fingerprint rule (a new matcher version); not_found when no rule in force has this id. */
export async function removeRule(db: Db, actor: Actor, ruleId: string): Promise<MatcherConfig> {
  const config = await currentMatcher(db);
  if (!config.rules.some((rule) => rule.id === ruleId)) throw notFound("fingerprint rule", ruleId);
  return newVersion(db, actor, (c) => ({ ...c, rules: c.rules.filter((rule) => rule.id !== ruleId) }));
}

/** The rule of this id in force, if any (who may remove it follows its pattern's loop). */
export async function ruleOf(db: Queryable, ruleId: string): Promise<FingerprintRule | undefined> {
  return (await currentMatcher(db)).rules.find((rule) => rule.id === ruleId);
}
