import { z } from "zod";

/** How deep and how large a free-form JSON value may be, unless a field says otherwise. */
export const jsonLimits = { maxDepth: 32, maxBytes: 64 * 1024 };

/**
 * Where a value breaks the limits, or undefined. Walked with a stack of its own, never by recursion:
 * a value nested thousands of levels deep (an 8 KB body can be) would overflow the call stack, and
 * so would JSON.stringify, which is why it runs only once the depth is known to be bounded.
 */
export function jsonLimitBroken(
  value: unknown,
  limits: { maxDepth: number; maxBytes: number } = jsonLimits,
): { path: (string | number)[]; message: string } | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || typeof next.value !== "object" || next.value === null) continue;
    if (next.path.length >= limits.maxDepth) {
      return { path: next.path, message: `Nest JSON at most ${limits.maxDepth} levels deep.` };
    }
    const entries = Array.isArray(next.value) ? next.value.entries() : Object.entries(next.value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...next.path, key] });
  }
  // Bounded depth: stringifying is safe now. undefined (nothing to store) has no size.
  const size = Buffer.byteLength(JSON.stringify(value) ?? "");
  if (size > limits.maxBytes) {
    return { path: [], message: `Keep this JSON to ${limits.maxBytes} bytes at most (it has ${size}).` };
  }
  return undefined;
}

/**
 * A free-form JSON field (a signal's raw payload, anything stored as jsonb that the API does not
 * shape): any JSON value, at most `maxDepth` levels deep and `maxBytes` long once serialised. A value
 * past either is invalid_input with the path of the level that is too deep, never a 500.
 */
export function boundedJson(limits: Partial<typeof jsonLimits> = {}) {
  const bounds = { ...jsonLimits, ...limits };
  return z.unknown().superRefine((value, context) => {
    const broken = jsonLimitBroken(value, bounds);
    if (broken) context.addIssue({ code: "custom", message: broken.message, path: broken.path });
  });
}
