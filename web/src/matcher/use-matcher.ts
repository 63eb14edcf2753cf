import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";
import { useChange } from "../settings/use-settings";
import { ruleWhere } from "../ui/format";

/** The matcher's configuration in force: its version, settings, fingerprint rules and embeddings provider. */
export type Matcher = components["schemas"]["MatcherConfig"];
export type FingerprintRule = Matcher["rules"][number];

/** GET /matcher, shared by Settings › Matcher and every pattern's rules. */
export function useMatcher() {
  return useQuery({ queryKey: ["matcher"], queryFn: () => unwrap(api.GET("/matcher")) });
}

/** Removes a fingerprint rule (a new matcher version), then reads the matcher again. */
export function useRemoveRule() {
  return useChange(["matcher"], (id: string) =>
    unwrap(api.DELETE("/matcher/rules/{id}", { params: { path: { id } } })),
  );
}

/** How a rule reads: "error code ERR_SYNC_TIMEOUT anywhere", "regex ^\[sync\] in the title". */
export function describeRule(rule: Pick<FingerprintRule, "kind" | "field" | "expression">): string {
  return `${rule.kind === "error_code" ? "error code" : "regex"} ${rule.expression} ${ruleWhere[rule.field]}`;
}
