// Column names are few and rows are many (a deployment's trace has tens of thousands): convert each
// name once.
const camelNames = new Map<string, string>();

/** The API's camelCase name of a snake_case column: `first_signal_at` → `firstSignalAt`. */
export function camelCase(column: string): string {
  let converted = camelNames.get(column);
  if (converted === undefined) {
    converted = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    camelNames.set(column, converted);
  }
  return converted;
}

/** A row with camelCase keys. */
export function camelize(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) out[camelCase(key)] = row[key];
  return out;
}
