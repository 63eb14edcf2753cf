import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

/** The matcher's configuration in force: its version, settings, fingerprint rules and embeddings provider. */
export type Matcher = components["schemas"]["MatcherConfig"];
export type FingerprintRule = Matcher["rules"][number];

/** GET /matcher, shared by Settings › Matcher and every pattern's rules. */
export function useMatcher() {
  return useQuery({ queryKey: ["matcher"], queryFn: () => unwrap(api.GET("/matcher")) });
}

/** Removes a fingerprint rule (a new matcher version), then reads the matcher again. */
export function useRemoveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/matcher/rules/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["matcher"] }),
  });
}

/** How a rule reads: "error code ERR_SYNC_TIMEOUT in any text", "regex ^\[sync\] in the title". */
export function describeRule(rule: Pick<FingerprintRule, "kind" | "field" | "expression">): string {
  const where = { any: "anywhere", title: "in the title", body: "in the body", channel: "in the channel's slug" }[
    rule.field
  ];
  return `${rule.kind === "error_code" ? "error code" : "regex"} ${rule.expression} ${where}`;
}
