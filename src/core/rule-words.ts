/**
 * Where a fingerprint rule looks, in words: the one wording of the matcher's reasons (core/matching.ts)
 * and of the workspace's rules (web/ imports this file, which imports nothing, so no regex engine comes
 * with it).
 */
export const ruleWhere = {
  any: "anywhere",
  title: "in the title",
  body: "in the body",
  channel: "in the channel's slug",
} as const;
