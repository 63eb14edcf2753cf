import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

/** What GET /trace/:type/:id answers. */
export type Trace = components["schemas"]["Trace"];
/** The types a trace starts from. */
export const traceable = [
  "signal",
  "pattern",
  "improvement",
  "issue",
  "pull_request",
  "version",
  "release",
  "deployment",
] as const;
export type Traceable = (typeof traceable)[number];

/** Whether a word names a type a trace starts from. */
export const isTraceable = (type: string): type is Traceable => (traceable as readonly string[]).includes(type);

/**
 * The chain through one entity, both ways: one request. Keyed under "trace" and the root's type, so a
 * live event about that type refreshes it; the chain's other types refresh it through "trace" itself.
 */
export function useTrace(type: Traceable, id: string, enabled = true) {
  return useQuery({
    queryKey: [type, "trace", id],
    queryFn: () => unwrap(api.GET("/trace/{type}/{id}", { params: { path: { type, id }, query: { limit: 500 } } })),
    enabled,
  });
}

/** A trace's rows of one type, with the fields the workspace reads (the API sends them as open records). */
export type Row = Record<string, unknown> & { id: string };
/** A row's text field, or "". */
export const field = (row: Row, key: string): string => {
  const value = row[key];
  return value === null || value === undefined ? "" : String(value);
};
