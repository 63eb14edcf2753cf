/**
 * The key a PostgreSQL constraint error names in its detail — `Key (pattern_id)=(…) is not present in
 * table "patterns".`, `Key (slug)=(…) already exists.` — as written there: its columns and values.
 */
export function violatedKey(detail: unknown): { columns: string; values: string } | undefined {
  const key = typeof detail === "string" ? /Key \(([^)]+)\)=\(([^)]*)\)/.exec(detail) : null;
  return key?.[1] !== undefined && key[2] !== undefined ? { columns: key[1], values: key[2] } : undefined;
}
