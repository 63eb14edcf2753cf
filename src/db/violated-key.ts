/**
 * The key a PostgreSQL constraint error names in its detail — `Key (pattern_id)=(…) is not present in
 * table "patterns".`, `Key (slug)=(…) already exists.`, `Key (lower(email))=(…) already exists.` — its
 * columns (an index on an expression such as lower(email) gives the column inside) and values.
 */
export function violatedKey(detail: unknown): { columns: string; values: string } | undefined {
  const key =
    typeof detail === "string" ? /Key \((.+?)\)=\((.*)\) (?:already exists|is not present)/s.exec(detail) : null;
  if (key?.[1] === undefined || key[2] === undefined) return undefined;
  const columns = key[1]
    .split(", ")
    .map((column) => column.replace(/^\w+\((\w+)\)$/, "$1"))
    .join(", ");
  return { columns, values: key[2] };
}
