import { z } from "zod";

/** What a refused value was, as the message quotes it: `"abc"`, `an empty value`, `2 values`. */
function sent(input: unknown): string {
  if (Array.isArray(input)) return `${input.length} values (give it once)`;
  if (input === "") return "an empty value";
  const text = String(input);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * A whole number as a query string (or a form) carries it, `?limit=50`: decimal digits, from `min` to
 * `max`, `fallback` when not given. The one schema for every such parameter.
 *
 * `z.coerce.number()` took `0x10` as 16, `1e2` as 100 and an empty `?limit=` as 0 ("Too small"), and
 * answered `abc`, `1e309` or a parameter given twice (`?limit=1&limit=2`) with "Expected a number,
 * received a number": here anything but digits is refused, quoting what was sent and saying what is taken
 * (`query.limit: Give a whole number from 1 to 500, not "abc".`). A JSON number (a form sent as JSON) is
 * taken as it is.
 */
type Range = { min: number; max?: number };
export function queryInteger(range: Range & { fallback: number }): z.ZodPreprocess<z.ZodDefault<z.ZodNumber>>;
export function queryInteger(range: Range): z.ZodPreprocess<z.ZodOptional<z.ZodNumber>>;
export function queryInteger(
  range: Range & { fallback?: number },
): z.ZodPreprocess<z.ZodDefault<z.ZodNumber> | z.ZodOptional<z.ZodNumber>> {
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  const wanted =
    max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
  const error = (issue: { input?: unknown }) => `Give ${wanted}, not ${sent(issue.input)}.`;
  const number = z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
  // Digits past the safe integers are not read (the number would not be the one sent): refused as sent.
  // Spaces around it are no part of it: a shell's `wc -l` pads, and `+10` in a query string is " 10".
  const read = (value: unknown) => {
    const text = typeof value === "string" ? value.trim() : undefined;
    return text !== undefined && /^\d{1,16}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : value;
  };
  return range.fallback === undefined
    ? z.preprocess(read, number.optional())
    : z.preprocess(read, number.default(range.fallback));
}
